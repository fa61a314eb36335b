package dev.keyplane.api.openai;

import dev.keyplane.api.openai.AuditLogObjects.AuditLogObject;
import dev.keyplane.audit.AuditEvent;
import dev.keyplane.webhook.WebhookPayloads;
import jakarta.enterprise.context.ApplicationScoped;

/** Webhook deliveries carry the audit log's wire object, with the type and details Keyplane recorded. */
@ApplicationScoped
public class AuditLogWebhookPayloads implements WebhookPayloads {

    @Override
    public Object payload(AuditEvent event) {
        return AuditLogObject.asRecorded(event);
    }
}
