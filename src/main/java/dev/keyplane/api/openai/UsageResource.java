package dev.keyplane.api.openai;

import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.openai.UsageObjects.UsagePage;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.QueryParams;
import dev.keyplane.usage.UsageService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/** Verification usage of a project and of its keys, in daily buckets (Keyplane extensions). */
@Path("/v1/organization/projects/{project_id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Usage")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class UsageResource {

    @Inject
    UsageService usage;
    @Inject
    CurrentCaller caller;

    @GET
    @Path("/usage")
    @Operation(operationId = "project-verification-usage", summary = "Verifications of the project's keys per UTC day, by outcome.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Daily buckets.", content = @Content(schema = @Schema(implementation = UsagePage.class)))
    public Uni<UsagePage> project(@PathParam("project_id") String projectId,
            @Parameter(description = "Start (Unix seconds, inclusive; its UTC day); default 6 days before end.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("start") String start,
            @Parameter(description = "End (Unix seconds, exclusive); default now. At most 90 days.", schema = @Schema(type = SchemaType.INTEGER))
            @QueryParam("end") String end,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = "resource")) @QueryParam("group_by") String groupBy) {
        return usage.usage(caller.get(), projectId, null, QueryParams.longValue("start", start), QueryParams.longValue("end", end),
                byResource(groupBy)).map(UsagePage::of);
    }

    @GET
    @Path("/api_keys/{key_id}/usage")
    @Operation(operationId = "project-api-key-verification-usage", summary = "Verifications of one key per UTC day, by outcome.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Daily buckets.", content = @Content(schema = @Schema(implementation = UsagePage.class)))
    public Uni<UsagePage> key(@PathParam("project_id") String projectId, @PathParam("key_id") String keyId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("start") String start,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("end") String end,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = "resource")) @QueryParam("group_by") String groupBy) {
        return usage.usage(caller.get(), projectId, keyId, QueryParams.longValue("start", start), QueryParams.longValue("end", end),
                byResource(groupBy)).map(UsagePage::of);
    }

    private static boolean byResource(String groupBy) {
        if (groupBy == null) {
            return false;
        }
        if (!groupBy.equals("resource")) {
            throw ApiException.invalid("group_by", "group_by can only be 'resource'.");
        }
        return true;
    }
}
