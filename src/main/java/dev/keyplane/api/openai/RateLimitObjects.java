package dev.keyplane.api.openai;

import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.ratelimit.RateLimit;
import dev.keyplane.ratelimit.RateLimitService;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Wire shapes of project rate limits. */
public final class RateLimitObjects {

    private RateLimitObjects() {}

    /** Unset (unlimited) optional limits are left out, as the reference types them as plain integers. */
    @Schema(name = "ProjectRateLimit", description = "Represents a project rate limit config.")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record RateLimitObject(
            @Schema(required = true, enumeration = "project.rate_limit") String object,
            @Schema(required = true) String id,
            @Schema(required = true, description = "The resource the limits apply to; `*` for every other resource.") String model,
            @Schema(required = true) int max_requests_per_1_minute,
            @Schema(required = true) int max_tokens_per_1_minute,
            Integer max_images_per_1_minute,
            Integer max_audio_megabytes_per_1_minute,
            Integer max_requests_per_1_day,
            Integer batch_1_day_max_input_tokens) {

        static RateLimitObject from(RateLimit r) {
            return new RateLimitObject("project.rate_limit", r.id, r.model, r.maxRequestsPer1Minute, r.maxTokensPer1Minute,
                    r.maxImagesPer1Minute, r.maxAudioMegabytesPer1Minute, r.maxRequestsPer1Day, r.batch1DayMaxInputTokens);
        }
    }

    @Schema(name = "ProjectRateLimitListResponse")
    public static class RateLimitList extends ListResponse<RateLimitObject> {
        public RateLimitList(Page<RateLimitObject> page) {
            super(page, RateLimitObject::id);
        }

        static RateLimitList of(Page<RateLimit> page) {
            return new RateLimitList(page.map(RateLimitObject::from));
        }
    }

    /** Rate-limit lists page by 100 unless told otherwise, as the reference's default, forwards or backwards. */
    static PageRequest pageOf(String limit, String after, String before) {
        return PageRequest.of(limit, after, before, null, IdPrefix.RATE_LIMIT, PageRequest.Bounds.RATE_LIMITS);
    }

    @Schema(name = "ProjectRateLimitUpdateRequest")
    public record Update(
            @Min(0) Integer max_requests_per_1_minute,
            @Min(0) Integer max_tokens_per_1_minute,
            @Min(0) Integer max_images_per_1_minute,
            @Min(0) Integer max_audio_megabytes_per_1_minute,
            @Min(0) Integer max_requests_per_1_day,
            @Min(0) Integer batch_1_day_max_input_tokens) {

        RateLimitService.Limits toLimits() {
            return new RateLimitService.Limits(max_requests_per_1_minute, max_tokens_per_1_minute, max_images_per_1_minute,
                    max_audio_megabytes_per_1_minute, max_requests_per_1_day, batch_1_day_max_input_tokens);
        }
    }

    @Schema(name = "ProjectRateLimitCreateRequest", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
    public record Create(
            @Schema(required = true, maxLength = 255) @NotBlank @Size(max = 255) String model,
            @Schema(required = true) @Min(0) Integer max_requests_per_1_minute,
            @Schema(required = true) @Min(0) Integer max_tokens_per_1_minute,
            @Min(0) Integer max_images_per_1_minute,
            @Min(0) Integer max_audio_megabytes_per_1_minute,
            @Min(0) Integer max_requests_per_1_day,
            @Min(0) Integer batch_1_day_max_input_tokens) {

        RateLimitService.Limits toLimits() {
            return new RateLimitService.Limits(max_requests_per_1_minute, max_tokens_per_1_minute, max_images_per_1_minute,
                    max_audio_megabytes_per_1_minute, max_requests_per_1_day, batch_1_day_max_input_tokens);
        }
    }

    @Schema(name = "ProjectRateLimitDeleteResponse", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
    public record Deleted(@Schema(required = true, enumeration = "project.rate_limit.deleted") String object,
                          @Schema(required = true) String id, @Schema(required = true) boolean deleted) {
    }
}
