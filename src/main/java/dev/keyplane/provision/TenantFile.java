package dev.keyplane.provision;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.keyplane.client.model.ProjectEnvironment;
import dev.keyplane.client.model.ProjectRole;
import dev.keyplane.client.model.ResourceKind;
import dev.keyplane.client.model.ServiceAccountRole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The declarative provisioning file: the projects an organization should have, each named by its
 * {@code external_id}, with what they contain. Unknown fields are errors, so a typo cannot silently
 * leave something unprovisioned. Example: deploy/k8s/examples/provisioning/tenant.yaml.
 */
public record TenantFile(List<ProjectSpec> projects) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /** A project; {@code null} fields are left as they are in Keyplane. */
    public record ProjectSpec(String externalId, String name, String environment, String description,
                              Boolean requireClientCertificate, List<MemberSpec> members, List<ServiceAccountSpec> serviceAccounts,
                              List<KeySpec> keys, List<RateLimitSpec> rateLimits, List<ResourceSpec> resources) {
        public ProjectSpec {
            members = members == null ? List.of() : members;
            serviceAccounts = serviceAccounts == null ? List.of() : serviceAccounts;
            keys = keys == null ? List.of() : keys;
            rateLimits = rateLimits == null ? List.of() : rateLimits;
            resources = resources == null ? List.of() : resources;
        }
    }

    /** A user of the organization (created as a {@code reader} when missing) who is a project member. */
    public record MemberSpec(String email, String role) {}

    public record ServiceAccountSpec(String name, String role) {}

    /**
     * A key, named within its project, owned by a service account of the file or by a member (by email).
     * Its raw value goes to {@code file} (default {@code <external_id>.<name>.key}) in the output directory.
     */
    public record KeySpec(String name, String serviceAccount, String user, List<String> scopes, Integer expiresInDays, String file) {

        String fileName(String externalId) {
            return file != null ? file : externalId + "." + name + ".key";
        }
    }

    /** Limits on one model or resource, as the rate-limit API takes them; {@code null} numbers are left unset. */
    public record RateLimitSpec(String model, Integer maxRequestsPer1Minute, Integer maxTokensPer1Minute, Integer maxImagesPer1Minute,
                                Integer maxAudioMegabytesPer1Minute, Integer maxRequestsPer1Day, Integer batch1DayMaxInputTokens) {
        @JsonCreator
        public RateLimitSpec(@JsonProperty("model") String model,
                             @JsonProperty("max_requests_per_1_minute") Integer maxRequestsPer1Minute,
                             @JsonProperty("max_tokens_per_1_minute") Integer maxTokensPer1Minute,
                             @JsonProperty("max_images_per_1_minute") Integer maxImagesPer1Minute,
                             @JsonProperty("max_audio_megabytes_per_1_minute") Integer maxAudioMegabytesPer1Minute,
                             @JsonProperty("max_requests_per_1_day") Integer maxRequestsPer1Day,
                             @JsonProperty("batch_1_day_max_input_tokens") Integer batch1DayMaxInputTokens) {
            this.model = model;
            this.maxRequestsPer1Minute = maxRequestsPer1Minute;
            this.maxTokensPer1Minute = maxTokensPer1Minute;
            this.maxImagesPer1Minute = maxImagesPer1Minute;
            this.maxAudioMegabytesPer1Minute = maxAudioMegabytesPer1Minute;
            this.maxRequestsPer1Day = maxRequestsPer1Day;
            this.batch1DayMaxInputTokens = batch1DayMaxInputTokens;
        }
    }

    /** A registered resource: found by {@code external_id} when given, else by kind and name. */
    public record ResourceSpec(String kind, String name, String externalId, Map<String, Object> attributes) {}

    public TenantFile {
        projects = projects == null ? List.of() : projects;
    }

    /** Reads and checks a file; every problem is an {@link InvalidFile} naming where it is. */
    public static TenantFile read(Path path) {
        TenantFile file;
        try {
            file = YAML.readValue(Files.readAllBytes(path), TenantFile.class);
        } catch (IOException e) {
            throw new InvalidFile(path + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
        if (file == null) {
            return new TenantFile(List.of());
        }
        file.check(path.toString());
        return file;
    }

    private void check(String where) {
        Set<String> externalIds = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (int i = 0; i < projects.size(); i++) {
            ProjectSpec p = projects.get(i);
            String at = where + ": projects[" + i + "]";
            require(p != null, at + " is empty");
            require(p.externalId() != null && !p.externalId().isBlank(), at + ".external_id is required");
            require(externalIds.add(p.externalId()), at + ": external_id " + p.externalId() + " is named twice");
            require(p.name() != null && !p.name().isBlank(), at + ".name is required");
            at = where + ": project " + p.externalId();
            require(p.environment() == null || valid(ProjectEnvironment::fromValue, p.environment()),
                    at + ": environment must be production, staging or development");
            Set<String> members = new HashSet<>();
            for (MemberSpec m : p.members()) {
                require(m.email() != null && m.email().contains("@"), at + ": a member needs an email");
                require(m.role() != null && valid(ProjectRole::fromValue, m.role()),
                        at + ": member " + m.email() + " needs a role: owner or member");
                require(members.add(m.email().toLowerCase(java.util.Locale.ROOT)), at + ": member " + m.email() + " is named twice");
            }
            Set<String> accounts = new HashSet<>();
            for (ServiceAccountSpec s : p.serviceAccounts()) {
                require(s.name() != null && !s.name().isBlank(), at + ": a service account needs a name");
                require(accounts.add(s.name()), at + ": service account " + s.name() + " is named twice");
                require(s.role() == null || valid(ServiceAccountRole::fromValue, s.role()),
                        at + ": service account " + s.name() + ": role must be owner, member or none");
            }
            Set<String> keys = new HashSet<>();
            for (KeySpec k : p.keys()) {
                require(k.name() != null && !k.name().isBlank(), at + ": a key needs a name");
                require(keys.add(k.name()), at + ": key " + k.name() + " is named twice");
                require((k.serviceAccount() == null) != (k.user() == null),
                        at + ": key " + k.name() + " needs exactly one owner: service_account or user");
                require(k.serviceAccount() == null || accounts.contains(k.serviceAccount()),
                        at + ": key " + k.name() + " belongs to service account " + k.serviceAccount() + ", which the project does not list");
                require(k.user() == null || members.contains(k.user().toLowerCase(java.util.Locale.ROOT)),
                        at + ": key " + k.name() + " belongs to " + k.user() + ", who is not among the project's members");
                require(k.expiresInDays() == null || k.expiresInDays() > 0, at + ": key " + k.name() + ": expires_in_days must be positive");
                String fileName = k.fileName(p.externalId());
                require(FILE_NAME.matcher(fileName).matches() && !fileName.startsWith("."),
                        at + ": key " + k.name() + ": file " + fileName + " must be a plain file name (letters, digits, . _ -)");
                require(files.add(fileName), at + ": key " + k.name() + ": file " + fileName + " is used twice");
            }
            Set<String> models = new HashSet<>();
            for (RateLimitSpec r : p.rateLimits()) {
                require(r.model() != null && !r.model().isBlank(), at + ": a rate limit needs a model");
                require(models.add(r.model()), at + ": rate limit " + r.model() + " is named twice");
            }
            Set<String> resources = new HashSet<>();
            for (ResourceSpec r : p.resources()) {
                require(r.kind() != null && r.name() != null, at + ": a resource needs a kind and a name");
                require(valid(ResourceKind::fromValue, r.kind()), at + ": resource " + r.name() + ": unknown kind " + r.kind());
                require(resources.add(r.externalId() != null ? "x:" + r.externalId() : r.kind() + ":" + r.name()),
                        at + ": resource " + r.name() + " is named twice");
            }
        }
    }

    private static boolean valid(java.util.function.Function<String, ?> parse, String value) {
        try {
            return parse.apply(value) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new InvalidFile(problem);
        }
    }

    /** The file cannot be used as it is: nothing is changed. */
    public static final class InvalidFile extends RuntimeException {
        InvalidFile(String message) {
            super(message);
        }
    }
}
