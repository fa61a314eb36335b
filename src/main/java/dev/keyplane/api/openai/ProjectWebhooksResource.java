package dev.keyplane.api.openai;

import dev.keyplane.api.Conflicts;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.api.Replays;
import dev.keyplane.api.openai.WebhookObjects.AttemptList;
import dev.keyplane.api.openai.WebhookObjects.AttemptObject;
import dev.keyplane.api.openai.WebhookObjects.CreateWebhook;
import dev.keyplane.api.openai.WebhookObjects.Deleted;
import dev.keyplane.api.openai.WebhookObjects.DeliveryList;
import dev.keyplane.api.openai.WebhookObjects.DeliveryObject;
import dev.keyplane.api.openai.WebhookObjects.UpdateWebhook;
import dev.keyplane.api.openai.WebhookObjects.WebhookList;
import dev.keyplane.api.openai.WebhookObjects.WebhookObject;
import dev.keyplane.api.openai.WebhookObjects.WebhookWithSecret;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.webhook.WebhookService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /v1/organization/projects/{project_id}/webhooks}: webhooks receiving one project's audit events (a Keyplane extension). */
@Path("/v1/organization/projects/{project_id}/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
@SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
public class ProjectWebhooksResource {

    @Inject
    WebhookService webhooks;
    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "list-project-webhooks", summary = "Lists the project's webhooks, oldest first.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Webhooks listed.", content = @Content(schema = @Schema(implementation = WebhookList.class)))
    public Uni<WebhookList> list(@PathParam("project_id") String projectId,
            @Parameter(description = "Number of webhooks to return, 1 to 100.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
            @QueryParam("limit") String limit,
            @Parameter(description = "Return webhooks after this webhook id.") @QueryParam("after") String after) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.WEBHOOK);
        return webhooks.list(caller.get(), projectId, page).map(p -> new WebhookList(p.map(WebhookObject::from)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create-project-webhook", summary = "Creates a webhook; its signing secret is in this response only.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Webhook created.", content = @Content(schema = @Schema(implementation = WebhookWithSecret.class)))
    @APIResponse(responseCode = "409", description = Conflicts.WEBHOOKS)
    public Uni<RestResponse<WebhookWithSecret>> create(@PathParam("project_id") String projectId,
            @Parameter(description = "Replays the first response for a repeated request within 24 hours.")
            @HeaderParam(IdempotencyService.HEADER) String idempotencyKey,
            @Valid @NotNull CreateWebhook request) {
        var c = caller.get();
        return webhooks.create(c, projectId, request.toDraft(),
                Idempotent.of(idempotencyKey, WebhookWithSecret.class, WebhookWithSecret::from).storing(WebhookWithSecret::redacted))
                .map(Replays::ok);
    }

    @GET
    @Path("/{webhook_id}")
    @Operation(operationId = "retrieve-project-webhook", summary = "Retrieves a webhook.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Webhook retrieved.", content = @Content(schema = @Schema(implementation = WebhookObject.class)))
    public Uni<WebhookObject> retrieve(@PathParam("project_id") String projectId, @PathParam("webhook_id") String webhookId) {
        return webhooks.get(caller.get(), projectId, webhookId).map(WebhookObject::from);
    }

    @POST
    @Path("/{webhook_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "modify-project-webhook", summary = "Changes a webhook's url, event types, description or enabled state.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Webhook modified.", content = @Content(schema = @Schema(implementation = WebhookObject.class)))
    public Uni<WebhookObject> modify(@PathParam("project_id") String projectId, @PathParam("webhook_id") String webhookId, @Valid @NotNull UpdateWebhook request) {
        return webhooks.update(caller.get(), projectId, webhookId, request.toDraft()).map(WebhookObject::from);
    }

    @DELETE
    @Path("/{webhook_id}")
    @Operation(operationId = "delete-project-webhook", summary = "Deletes a webhook and its delivery log.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Webhook deleted.", content = @Content(schema = @Schema(implementation = Deleted.class)))
    public Uni<Deleted> delete(@PathParam("project_id") String projectId, @PathParam("webhook_id") String webhookId) {
        return webhooks.delete(caller.get(), projectId, webhookId).map(Deleted::of);
    }

    @POST
    @Path("/{webhook_id}/rotate_secret")
    @Operation(operationId = "rotate-project-webhook-secret", summary = "Replaces the signing secret; the new one is in this response only.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Secret rotated.", content = @Content(schema = @Schema(implementation = WebhookWithSecret.class)))
    public Uni<WebhookWithSecret> rotateSecret(@PathParam("project_id") String projectId, @PathParam("webhook_id") String webhookId) {
        return webhooks.rotateSecret(caller.get(), projectId, webhookId).map(WebhookWithSecret::from);
    }

    @POST
    @Path("/{webhook_id}/test")
    @Operation(operationId = "test-project-webhook", summary = "Sends a webhook.tested event to this webhook only.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Test event queued; its delivery.",
            content = @Content(schema = @Schema(implementation = DeliveryObject.class)))
    public Uni<DeliveryObject> test(@PathParam("project_id") String projectId, @PathParam("webhook_id") String webhookId) {
        return webhooks.test(caller.get(), projectId, webhookId).map(DeliveryObject::from);
    }

    @GET
    @Path("/{webhook_id}/deliveries")
    @Operation(operationId = "list-project-webhook-deliveries", summary = "The webhook's delivery log, newest first.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Deliveries listed.", content = @Content(schema = @Schema(implementation = DeliveryList.class)))
    public Uni<DeliveryList> deliveries(@PathParam("project_id") String projectId, @PathParam("webhook_id") String webhookId,
            @Parameter(description = "Number of deliveries to return, 1 to 100.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
            @QueryParam("limit") String limit,
            @Parameter(description = "Return deliveries older than this one.") @QueryParam("after") String after) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.AUDIT_LOG, PageRequest.Bounds.NEWEST_FIRST);
        return webhooks.deliveries(caller.get(), projectId, webhookId, page).map(p -> new DeliveryList(p.map(DeliveryObject::from)));
    }

    @GET
    @Path("/{webhook_id}/deliveries/{delivery_id}/attempts")
    @Operation(operationId = "list-project-webhook-delivery-attempts", summary = "Every kept attempt of one delivery, oldest first.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Attempts listed.", content = @Content(schema = @Schema(implementation = AttemptList.class)))
    public Uni<AttemptList> attempts(@PathParam("project_id") String projectId, @PathParam("webhook_id") String webhookId,
            @PathParam("delivery_id") String deliveryId,
            @Parameter(description = "Number of attempts to return, 1 to 100.", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
            @QueryParam("limit") String limit,
            @Parameter(description = "Return attempts after this attempt id.") @QueryParam("after") String after) {
        PageRequest page = PageRequest.of(limit, after, null, IdPrefix.WEBHOOK_ATTEMPT);
        return webhooks.attempts(caller.get(), projectId, webhookId, deliveryId, page).map(p -> new AttemptList(p.map(AttemptObject::from)));
    }

    @POST
    @Path("/{webhook_id}/deliveries/{delivery_id}/retry")
    @Operation(operationId = "retry-project-webhook-delivery", summary = "Delivers the event again, now, with a fresh retry window.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Delivery queued.", content = @Content(schema = @Schema(implementation = DeliveryObject.class)))
    public Uni<DeliveryObject> retry(@PathParam("project_id") String projectId, @PathParam("webhook_id") String webhookId, @PathParam("delivery_id") String deliveryId) {
        return webhooks.retry(caller.get(), projectId, webhookId, deliveryId).map(DeliveryObject::from);
    }
}
