package dev.keyplane.api.openai;

import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.openai.AuditLogObjects.AuditLogList;
import dev.keyplane.api.openai.AuditLogObjects.AuditLogObject;
import dev.keyplane.audit.AuditService;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.QueryParams;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.List;

/** {@code /v1/organization/audit_logs}: every change, in every dialect, by which key; and its export for SIEMs. */
@Path("/v1/organization/audit_logs")
@Authenticated
@Tag(name = "Audit Logs")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class AuditLogsResource {

    private static final String EXTENSION_EVENTS_DESCRIPTION = "Also list Keyplane's extension events, whose types the reference's "
            + "AuditLogEventType does not name (organization.created, webhook.*, ...; see x-keyplane-extension-values). "
            + "Without it, every listed type is a reference type.";

    @Inject
    AuditService audit;
    @Inject
    CurrentCaller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "list-audit-logs", summary = "List user actions and configuration changes within this organization.")
    @APIResponse(responseCode = "200", description = "Audit logs listed successfully.",
            content = @Content(schema = @Schema(implementation = AuditLogList.class)))
    public Uni<AuditLogList> list(
            @Parameter(description = "effective_at greater than (Unix seconds)", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("effective_at[gt]") String gt,
            @Parameter(description = "effective_at at least (Unix seconds)", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("effective_at[gte]") String gte,
            @Parameter(description = "effective_at less than (Unix seconds)", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("effective_at[lt]") String lt,
            @Parameter(description = "effective_at at most (Unix seconds)", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("effective_at[lte]") String lte,
            @Parameter(description = "Only events of these projects.") @QueryParam("project_ids[]") List<String> projectIds,
            @Parameter(description = "Only events of these types, e.g. project.created: values of the reference's AuditLogEventType, "
                    + "and Keyplane's extension types with include_extension_events=true. Any other value is a 400.")
            @QueryParam("event_types[]") List<String> eventTypes,
            @Parameter(description = "Only events by these users, service accounts or API keys.") @QueryParam("actor_ids[]") List<String> actorIds,
            @Parameter(description = "Only events by users with these emails.") @QueryParam("actor_emails[]") List<String> actorEmails,
            @Parameter(description = "Only events on these objects.") @QueryParam("resource_ids[]") List<String> resourceIds,
            @Parameter(description = "Number of events, 1 to 100.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
            @QueryParam("limit") String limit,
            @Parameter(description = "Events older than this one.") @QueryParam("after") String after,
            @Parameter(description = "Events newer than this one.") @QueryParam("before") String before,
            @Parameter(description = "Only tenant-scoped events (tenant.*, role.bound_to_resource, role.unbound_from_resource); "
                    + "every given event type must then be one. Keyplane records none: its organization is the tenant boundary.",
                    schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @QueryParam(AuditService.Filter.TENANT_ONLY) String tenantOnly,
            @Parameter(description = EXTENSION_EVENTS_DESCRIPTION, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"),
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            @QueryParam(AuditService.Filter.EXTENSION_EVENTS) String extensionEvents) {
        PageRequest page = PageRequest.of(limit, after, before, null, IdPrefix.AUDIT_LOG, PageRequest.Bounds.NEWEST_FIRST);
        AuditService.Filter filter = new AuditService.Filter(QueryParams.longValue("effective_at[gt]", gt),
                QueryParams.longValue("effective_at[gte]", gte), QueryParams.longValue("effective_at[lt]", lt),
                QueryParams.longValue("effective_at[lte]", lte), projectIds, eventTypes, actorIds, actorEmails, resourceIds,
                QueryParams.bool(AuditService.Filter.EXTENSION_EVENTS, extensionEvents, false),
                QueryParams.bool(AuditService.Filter.TENANT_ONLY, tenantOnly, false));
        return audit.list(caller.get(), filter, page).map(p -> new AuditLogList(p.map(AuditLogObject::from)));
    }

    @GET
    @Path("/export")
    @Produces("application/x-ndjson")
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(operationId = "export-audit-logs",
            summary = "Streams the audit log as NDJSON, oldest first, for a time range: one AuditLog per line, for a SIEM.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "One AuditLog object per line.",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = AuditLogObject.class)))
    public Multi<AuditLogObject> export(
            @Parameter(description = "From (Unix seconds, inclusive).", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("effective_at[gte]") String gte,
            @Parameter(description = "Until (Unix seconds, exclusive).", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("effective_at[lt]") String lt,
            @Parameter(description = "Only events of these types (as in the list).") @QueryParam("event_types[]") List<String> eventTypes,
            @Parameter(description = "Only events of these projects.") @QueryParam("project_ids[]") List<String> projectIds,
            @Parameter(description = EXTENSION_EVENTS_DESCRIPTION, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"),
                    extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
            @QueryParam(AuditService.Filter.EXTENSION_EVENTS) String extensionEvents) {
        AuditService.Filter filter = new AuditService.Filter(null, QueryParams.longValue("effective_at[gte]", gte),
                QueryParams.longValue("effective_at[lt]", lt), null, projectIds, eventTypes, null, null, null,
                QueryParams.bool(AuditService.Filter.EXTENSION_EVENTS, extensionEvents, false), false);
        return audit.export(caller.get(), filter).map(AuditLogObject::from);
    }
}
