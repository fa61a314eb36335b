package dev.keyplane.api.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyplane.audit.AuditEvent;
import dev.keyplane.audit.AuditEventTypes;
import dev.keyplane.audit.AuditService;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.role.PredefinedRoles;
import dev.keyplane.role.Role;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.models.OpenAPI;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Wire shapes of {@code /v1/organization/audit_logs}. */
public final class AuditLogObjects {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String EVENT_TYPE = "AuditLogEventType";

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
     * details under a property named like the type ({@code "project.created": {"id", "data"}}). {@link #from} shows
     * it in the reference's terms (the OpenAI dialect's list and export); {@link #asRecorded} as Keyplane recorded
     * it (webhooks, whose endpoints subscribe to the recorded names).
     */
    @Schema(name = "AuditLog", description = "A log of a user action or configuration change within this organization.",
            additionalProperties = Schema.True.class)
    @JsonPropertyOrder({"id", "type", "effective_at", "project", "actor"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class AuditLogObject {
        @Schema(required = true)
        public final String id;
        /** The document types it as the AuditLogEventType enum ({@link #describeEventTypes}). */
        @Schema(required = true)
        public final String type;
        @Schema(required = true, format = "unixtime")
        public final long effective_at;
        public final Project project;
        @Schema(nullable = true, description = "Absent for the operator's own actions.")
        public final Actor actor;
        @Schema(hidden = true) // on the wire, the details are the property named like the type
        private final JsonNode details;

        private AuditLogObject(AuditEvent e, String type, JsonNode details) {
            this.id = e.id;
            this.type = type;
            this.effective_at = e.effectiveAt.getEpochSecond();
            this.project = e.projectId == null ? null : new Project(e.projectId, e.projectName);
            this.actor = e.actorKeyId == null ? null : new Actor("api_key", new ActorApiKey(e.actorKeyId, e.actorType,
                    "user".equals(e.actorType) ? new ActorUser(e.actorId, e.actorEmail) : null,
                    "service_account".equals(e.actorType) ? new ActorServiceAccount(e.actorId) : null));
            this.details = details;
        }

        /**
         * The event as the reference's {@code AuditLog}: its type as the reference names it (an extension event keeps
         * Keyplane's name) and its details in that type's shape, without nulls (rows written before Keyplane stopped
         * recording them may hold some).
         */
        public static AuditLogObject from(AuditEvent e) {
            JsonNode details = withoutNulls(read(e));
            String shown = AuditEventTypes.shownAs(e.type);
            if (e.type.startsWith("project.group.")) {
                details = projectRoleAssignment(e, details);
            }
            return new AuditLogObject(e, shown, details);
        }

        /** The event with the type and details Keyplane recorded. */
        public static AuditLogObject asRecorded(AuditEvent e) {
            return new AuditLogObject(e, e.type, read(e));
        }

        @JsonAnyGetter
        Map<String, JsonNode> detailsByType() {
            return Map.of(type, details);
        }
    }

    /**
     * {@code project.group.added|deleted} ({@code {"id": group, "data": {"role"}}}, or {@code "role"} flat) as the
     * reference's {@code role.assignment.*}: the group received (or lost) the project role on the project; {@code id}
     * is the role's, as in Keyplane's other assignment events.
     */
    private static JsonNode projectRoleAssignment(AuditEvent e, JsonNode recorded) {
        String role = recorded.path("data").path("role").asText(recorded.path("role").asText(null));
        ObjectNode assignment = JSON.createObjectNode();
        PredefinedRoles.ALL.stream()
                .filter(d -> d.resourceType().equals(Role.PROJECT) && d.name().equals(role))
                .findFirst()
                .ifPresent(d -> assignment.put("id", d.id()));
        assignment.put("principal_id", recorded.path("id").asText());
        assignment.put("principal_type", "group");
        assignment.put("resource_id", e.projectId);
        assignment.put("resource_type", Role.PROJECT);
        if (role != null) {
            assignment.put("role", role);
        }
        return assignment;
    }

    private static JsonNode read(AuditEvent e) {
        try {
            return JSON.readTree(e.details);
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("Unreadable audit details of " + e.id, ex);
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(field -> field.getValue().isNull());
            object.forEach(AuditLogObjects::withoutNulls);
        } else if (node instanceof ArrayNode array) {
            array.forEach(AuditLogObjects::withoutNulls);
        }
        return node;
    }

    /**
     * Adds the {@code AuditLogEventType} schema, generated from {@link AuditEventTypes} (the reference's enum, then
     * Keyplane's extension types), and types the AuditLog's {@code type} and the {@code event_types[]} parameters with it.
     */
    public static void describeEventTypes(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null
                || !openAPI.getComponents().getSchemas().containsKey("AuditLog")) {
            return;
        }
        List<Object> values = new ArrayList<>(AuditEventTypes.REFERENCE);
        values.addAll(AuditEventTypes.EXTENSIONS);
        openAPI.getComponents().addSchema(EVENT_TYPE, OASFactory.createSchema()
                .addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)
                .description("The event type: a value of the reference's AuditLogEventType, or one of Keyplane's extension types "
                        + "(x-keyplane-extension-values), which are listed only with " + AuditService.Filter.EXTENSION_EVENTS + "=true.")
                .enumeration(values)
                .addExtension("x-keyplane-extension-values", List.copyOf(AuditEventTypes.EXTENSIONS)));
        String ref = "#/components/schemas/" + EVENT_TYPE;
        openAPI.getComponents().getSchemas().get("AuditLog").addProperty("type", OASFactory.createSchema().ref(ref));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/v1/organization/audit_logs")) {
                item.getOperations().values().stream()
                        .filter(op -> op.getParameters() != null)
                        .flatMap(op -> op.getParameters().stream())
                        .filter(p -> "event_types[]".equals(p.getName()) && p.getSchema() != null)
                        .forEach(p -> p.getSchema().setItems(OASFactory.createSchema().ref(ref)));
            }
        });
    }

    @Schema(name = "ListAuditLogsResponse")
    public static class AuditLogList extends ListResponse<AuditLogObject> {
        public AuditLogList(Page<AuditLogObject> page) {
            super(page, a -> a.id);
        }
    }
}
