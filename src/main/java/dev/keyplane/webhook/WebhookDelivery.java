package dev.keyplane.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One audit event on its way to one endpoint, with its last attempt. Written by the outbox trigger (see
 * V9__webhooks.sql), advanced by {@link WebhookDispatcher}; its id is the event's.
 */
@Entity
@Table(name = "webhook_deliveries")
@IdClass(WebhookDelivery.Key.class)
public class WebhookDelivery extends PanacheEntityBase {

    public record Key(String endpointId, String eventId) implements java.io.Serializable {}

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @Id
    public String endpointId;
    @Id
    public String eventId;
    public String eventType;
    /** {@code pending}, {@code succeeded} or {@code failed} (retries given up). */
    public String status;
    public int attempts;
    public Instant nextAttemptAt;
    public String leasedBy;
    public Instant windowStart;
    public Integer responseCode;
    public Integer latencyMs;
    public String responseBody;
    public String error;
    public Instant createdAt;
    public Instant deliveredAt;
}
