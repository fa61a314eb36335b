package dev.keyplane.project;

/** A partial update: a {@code null} field is left as it is. */
public record ProjectChanges(String name, String description, String externalId, String externalKeyId,
                             Environment environment, Boolean requireClientCertificate) {

    public boolean isEmpty() {
        return name == null && description == null && externalId == null && externalKeyId == null && environment == null
                && requireClientCertificate == null;
    }
}
