package dev.keyplane.api.openai;

import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.common.Timestamps;
import dev.keyplane.webhook.WebhookAttempt;
import dev.keyplane.webhook.WebhookDelivery;
import dev.keyplane.webhook.WebhookEndpoint;
import dev.keyplane.webhook.WebhookService;
import dev.keyplane.webhook.WebhookSignature;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Wire shapes of {@code /v1/organization/webhooks} and {@code /v1/organization/projects/{project_id}/webhooks} (extensions). */
public final class WebhookObjects {

    private WebhookObjects() {}

    @Schema(name = "Webhook", description = "Where audit events are sent: every event of the organization, or of one project.")
    public record WebhookObject(
            @Schema(required = true) String id,
            @Schema(required = true, enumeration = {"organization.webhook", "organization.project.webhook"}) String object,
            @Schema(required = true) String url,
            @Schema(required = true, nullable = true) String description,
            @Schema(required = true, description = "Audit event types delivered, or [\"*\"].") List<String> event_types,
            @Schema(required = true) boolean enabled,
            @Schema(required = true, nullable = true,
                    description = "Why it is disabled: `failing` (Keyplane disabled it) or `manual`; null while enabled.") String disabled_reason,
            @Schema(required = true, nullable = true, description = "The project whose events it receives; null: the whole organization.")
            String project_id,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true, format = "unixtime") long updated_at) {

        static WebhookObject from(WebhookEndpoint e) {
            return new WebhookObject(e.id, e.projectId == null ? "organization.webhook" : "organization.project.webhook", e.url,
                    e.description, List.of(e.eventTypes), e.enabled, e.enabled ? null : e.disabledReason, e.projectId,
                    e.createdAt.getEpochSecond(), e.updatedAt.getEpochSecond());
        }
    }

    @Schema(name = "WebhookWithSecret", description = "A webhook and its signing secret, shown only here: on create and on rotation.")
    public record WebhookWithSecret(
            @Schema(required = true) String id,
            @Schema(required = true, enumeration = {"organization.webhook", "organization.project.webhook"}) String object,
            @Schema(required = true) String url,
            @Schema(required = true, nullable = true) String description,
            @Schema(required = true) List<String> event_types,
            @Schema(required = true) boolean enabled,
            @Schema(required = true, nullable = true, description = "`failing` or `manual`; null while enabled.") String disabled_reason,
            @Schema(required = true, nullable = true) String project_id,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true, format = "unixtime") long updated_at,
            @Schema(required = true, description = "`whsec_…`: the Standard Webhooks signing secret.") String secret) {

        /** What an Idempotency-Key replay shows: the secret is not kept (rotate it if it was lost). */
        WebhookWithSecret redacted() {
            return new WebhookWithSecret(id, object, url, description, event_types, enabled, disabled_reason, project_id,
                    created_at, updated_at, WebhookSignature.SECRET_PREFIX + "…");
        }

        static WebhookWithSecret from(WebhookService.WithSecret w) {
            WebhookObject o = WebhookObject.from(w.endpoint());
            return new WebhookWithSecret(o.id(), o.object(), o.url(), o.description(), o.event_types(), o.enabled(),
                    o.disabled_reason(), o.project_id(), o.created_at(), o.updated_at(), w.secret());
        }
    }

    @Schema(name = "WebhookListResponse")
    public static class WebhookList extends ListResponse<WebhookObject> {
        public WebhookList(Page<WebhookObject> page) {
            super(page, WebhookObject::id);
        }
    }

    @Schema(name = "WebhookCreateRequest")
    public record CreateWebhook(
            @Schema(required = true, maxLength = 2048, description = "https (http only inside the operator's allowed networks).")
            @NotBlank @Size(max = 2048) String url,
            @Schema(nullable = true, description = "Audit event types to deliver, or [\"*\"] (the default).")
            @Size(min = 1, max = 100) List<@NotNull String> event_types,
            @Schema(nullable = true, maxLength = 1000) @Size(max = 1000) String description,
            @Schema(nullable = true, description = "Default true.") Boolean enabled) {

        WebhookService.Draft toDraft() {
            return new WebhookService.Draft(url, event_types, description, enabled);
        }
    }

    @Schema(name = "WebhookUpdateRequest", description = "Only what is given changes. Enabling a disabled webhook clears its failures.")
    public record UpdateWebhook(
            @Schema(nullable = true, maxLength = 2048) @Size(min = 1, max = 2048) String url,
            @Schema(nullable = true) @Size(min = 1, max = 100) List<@NotNull String> event_types,
            @Schema(nullable = true, maxLength = 1000) @Size(max = 1000) String description,
            @Schema(nullable = true) Boolean enabled) {

        WebhookService.Draft toDraft() {
            return new WebhookService.Draft(url, event_types, description, enabled);
        }
    }

    @Schema(name = "WebhookDeleteResponse")
    public record Deleted(@Schema(required = true, enumeration = "organization.webhook.deleted") String object,
                          @Schema(required = true) String id,
                          @Schema(required = true) boolean deleted) {
        static Deleted of(String id) {
            return new Deleted("organization.webhook.deleted", id, true);
        }
    }

    @Schema(name = "WebhookDelivery", description = "One audit event on its way to one webhook, with its last attempt.")
    public record DeliveryObject(
            @Schema(required = true, description = "The audit event's id, sent as the webhook-id header.") String id,
            @Schema(required = true, enumeration = "webhook.delivery") String object,
            @Schema(required = true) String webhook_id,
            @Schema(required = true) String event_type,
            @Schema(required = true, enumeration = {"pending", "succeeded", "failed"},
                    description = "`failed`: retries gave up (POST …/retry starts again).") String status,
            @Schema(required = true, description = "Attempts made so far.") int attempt,
            @Schema(required = true, nullable = true, description = "The last attempt's HTTP status; null if no response came.")
            Integer response_status_code,
            @Schema(required = true, nullable = true) Integer latency_ms,
            @Schema(required = true, nullable = true, description = "The first 1 KiB of the last response's body.") String response_body,
            @Schema(required = true, nullable = true, description = "Why the last attempt failed without a usable response.") String error,
            @Schema(required = true, nullable = true, format = "unixtime") Long next_attempt_at,
            @Schema(required = true, format = "unixtime") long created_at,
            @Schema(required = true, nullable = true, format = "unixtime") Long delivered_at) {

        static DeliveryObject from(WebhookDelivery d) {
            return new DeliveryObject(d.eventId, "webhook.delivery", d.endpointId, d.eventType, d.status, d.attempts,
                    d.responseCode, d.latencyMs, d.responseBody, d.error,
                    WebhookDelivery.PENDING.equals(d.status) ? Timestamps.seconds(d.nextAttemptAt) : null,
                    d.createdAt.getEpochSecond(), Timestamps.seconds(d.deliveredAt));
        }
    }

    @Schema(name = "WebhookDeliveryListResponse")
    public static class DeliveryList extends ListResponse<DeliveryObject> {
        public DeliveryList(Page<DeliveryObject> page) {
            super(page, DeliveryObject::id);
        }
    }

    @Schema(name = "WebhookDeliveryAttempt", description = "One attempt of a delivery: when it was made and how it ended.")
    public record AttemptObject(
            @Schema(required = true) String id,
            @Schema(required = true, enumeration = "webhook.delivery.attempt") String object,
            @Schema(required = true, description = "The delivery's id (the audit event's).") String delivery_id,
            @Schema(required = true) String webhook_id,
            @Schema(required = true, description = "The delivery's attempt number, from 1.") int attempt,
            @Schema(required = true, format = "unixtime", description = "When the attempt started.") long attempted_at,
            @Schema(required = true, nullable = true, description = "The HTTP status; null if no response came.")
            Integer response_status_code,
            @Schema(required = true) int latency_ms,
            @Schema(required = true, nullable = true, description = "The first 1 KiB of the response's body.") String response_body,
            @Schema(required = true, nullable = true, description = "Why the attempt failed without a usable response.") String error) {

        static AttemptObject from(WebhookAttempt a) {
            return new AttemptObject(a.id, "webhook.delivery.attempt", a.eventId, a.endpointId, a.attempt,
                    a.attemptedAt.getEpochSecond(), a.responseCode, a.latencyMs, a.responseBody, a.error);
        }
    }

    @Schema(name = "WebhookDeliveryAttemptListResponse")
    public static class AttemptList extends ListResponse<AttemptObject> {
        public AttemptList(Page<AttemptObject> page) {
            super(page, AttemptObject::id);
        }
    }
}
