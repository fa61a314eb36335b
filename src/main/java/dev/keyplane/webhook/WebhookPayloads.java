package dev.keyplane.webhook;

import dev.keyplane.audit.AuditEvent;

/**
 * How a recorded event goes on the wire to a webhook endpoint. The OpenAI dialect provides it (its {@code AuditLog}
 * object as recorded), so the webhook feature needs no adapter: adapters depend on features, never the reverse.
 */
public interface WebhookPayloads {

    /** The JSON body of a delivery of {@code event}. */
    Object payload(AuditEvent event);
}
