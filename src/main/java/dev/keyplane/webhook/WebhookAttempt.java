package dev.keyplane.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One attempt of a {@link WebhookDelivery}: written by {@link WebhookDispatcher} with the attempt's result (see
 * V14__webhook_delivery_attempts.sql), never updated; trimmed per delivery and purged by age.
 */
@Entity
@Table(name = "webhook_delivery_attempts")
public class WebhookAttempt extends PanacheEntityBase {

    @Id
    public String id;
    public String endpointId;
    public String eventId;
    /** The delivery's attempt number. */
    public int attempt;
    public Instant attemptedAt;
    /** Null when no response came. */
    public Integer responseCode;
    public int latencyMs;
    /** The first 1 KiB of the response body. */
    public String responseBody;
    public String error;
}
