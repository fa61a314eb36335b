package dev.keyplane.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Where an organization's (or one project's) audit events are sent, and which of them. */
@Entity
@Table(name = "webhook_endpoints")
public class WebhookEndpoint extends PanacheEntityBase {

    /** {@code disabled_reason} of an endpoint Keyplane disabled because it kept failing. */
    public static final String FAILING = "failing";

    @Id
    public String id;
    public String organizationId;
    /** Null for an organization endpoint, which receives every project's events too. */
    public String projectId;
    public String url;
    public String description;
    /** Audit event types, or {@code *}. */
    public String[] eventTypes;
    public boolean enabled;
    public String disabledReason;
    /** {@code whsec_…}: shown once, on create and on rotation. */
    public String secret;
    public int consecutiveFailures;
    public Instant failingSince;
    public Instant createdAt;
    public Instant updatedAt;
    public String createdBy;
}
