package dev.keyplane.project;

/** What a new project is made from; {@code environment} defaults to production. */
public record ProjectDraft(String name, String description, String externalId, String externalKeyId,
                           String residency, Environment environment, Boolean requireClientCertificate) {
}
