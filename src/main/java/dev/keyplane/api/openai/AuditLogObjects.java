package dev.keyplane.api.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.audit.AuditEvent;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/** Wire shapes of {@code /v1/organization/audit_logs}. */
public final class AuditLogObjects {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLogObjects() {}

    @Schema(name = "AuditLogProject", description = "The project the action was scoped to.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Project(@Schema(required = true) String id, @Schema(nullable = true) String name) {}

    @Schema(name = "AuditLogActorUser")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActorUser(@Schema(required = true) String id, String email) {}

    @Schema(name = "AuditLogActorServiceAccount")
    public record ActorServiceAccount(@Schema(required = true) String id) {}

    @Schema(name = "AuditLogActorApiKey", description = "The API key used to perform the audit logged action.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActorApiKey(@Schema(required = true) String id,
                              @Schema(required = true, enumeration = {"user", "service_account"}) String type,
                              ActorUser user, ActorServiceAccount service_account) {}

    @Schema(name = "AuditLogActor", description = "The actor who performed the audit logged action.")
    public record Actor(@Schema(required = true, enumeration = {"session", "api_key"}) String type,
                        @Schema(required = true) ActorApiKey api_key) {}

    /**
     * One event: {@code id}, {@code type}, {@code effective_at}, {@code project}, {@code actor}, and the
     * details under a property named like the type ({@code "project.created": {"id", "data"}}).
     */
    @Schema(name = "AuditLog", description = "A log of a user action or configuration change within this organization.",
            additionalProperties = Schema.True.class)
    @JsonPropertyOrder({"id", "type", "effective_at", "project", "actor"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class AuditLogObject {
        @Schema(required = true)
        public final String id;
        @Schema(required = true)
        public final String type;
        @Schema(required = true, format = "unixtime")
        public final long effective_at;
        public final Project project;
        @Schema(nullable = true, description = "Absent for the operator's own actions.")
        public final Actor actor;
        @Schema(hidden = true) // on the wire, the details are the property named like the type
        private final JsonNode details;

        AuditLogObject(AuditEvent e) {
            this.id = e.id;
            this.type = e.type;
            this.effective_at = e.effectiveAt.getEpochSecond();
            this.project = e.projectId == null ? null : new Project(e.projectId, e.projectName);
            this.actor = e.actorKeyId == null ? null : new Actor("api_key", new ActorApiKey(e.actorKeyId, e.actorType,
                    "user".equals(e.actorType) ? new ActorUser(e.actorId, e.actorEmail) : null,
                    "service_account".equals(e.actorType) ? new ActorServiceAccount(e.actorId) : null));
            try {
                this.details = JSON.readTree(e.details);
            } catch (java.io.IOException ex) {
                throw new IllegalStateException("Unreadable audit details of " + e.id, ex);
            }
        }

        public static AuditLogObject from(AuditEvent e) {
            return new AuditLogObject(e);
        }

        @JsonAnyGetter
        Map<String, JsonNode> detailsByType() {
            return Map.of(type, details);
        }
    }

    @Schema(name = "ListAuditLogsResponse")
    public static class AuditLogList extends ListResponse<AuditLogObject> {
        public AuditLogList(Page<AuditLogObject> page) {
            super(page, a -> a.id);
        }
    }
}
