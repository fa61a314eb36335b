package dev.keyplane.ratelimit;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Limits of one project for one named resource (the reference calls it {@code model}); the resource
 * {@code *} applies to every resource without a row of its own. {@code null} limits are unlimited.
 * A row with {@link #apiKeyId} is one key's override and takes precedence over the project's rows.
 */
@Entity
@Table(name = "rate_limits")
public class RateLimit extends PanacheEntityBase {

    public static final String ANY_RESOURCE = "*";

    @Id
    public String id;
    public String organizationId;
    public String projectId;
    /** Set for a per-key override (extension); {@code null} for the project's own limits. */
    public String apiKeyId;
    public String model;
    @Column(name = "max_requests_per_1_minute")
    public int maxRequestsPer1Minute;
    @Column(name = "max_tokens_per_1_minute")
    public int maxTokensPer1Minute;
    @Column(name = "max_images_per_1_minute")
    public Integer maxImagesPer1Minute;
    @Column(name = "max_audio_megabytes_per_1_minute")
    public Integer maxAudioMegabytesPer1Minute;
    @Column(name = "max_requests_per_1_day")
    public Integer maxRequestsPer1Day;
    @Column(name = "batch_1_day_max_input_tokens")
    public Integer batch1DayMaxInputTokens;
    public Instant createdAt;
    public Instant updatedAt;
}
