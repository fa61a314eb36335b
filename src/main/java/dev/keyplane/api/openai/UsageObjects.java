package dev.keyplane.api.openai;

import dev.keyplane.usage.UsageService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** Wire shapes of verification usage (extensions), in the style of the reference's usage buckets. */
public final class UsageObjects {

    private UsageObjects() {}

    @Schema(name = "VerificationUsageResult")
    public record Result(
            @Schema(required = true, enumeration = "organization.usage.verifications.result") String object,
            @Schema(required = true, nullable = true, description = "The resource; null unless group_by=resource. `*` when none was given.")
            String resource,
            @Schema(required = true, description = "Verifications by outcome: VALID, RATE_LIMITED, EXPIRED, REVOKED, DISABLED, ...")
            Map<String, Long> outcomes,
            @Schema(required = true) long total) {

        static Result from(UsageService.Result r) {
            return new Result("organization.usage.verifications.result", r.resource(), r.outcomes(), r.total());
        }
    }

    @Schema(name = "VerificationUsageBucket", description = "One UTC day.")
    public record Bucket(
            @Schema(required = true, enumeration = "bucket") String object,
            @Schema(required = true, format = "unixtime") long start_time,
            @Schema(required = true, format = "unixtime") long end_time,
            @Schema(required = true) List<Result> results) {

        static Bucket from(UsageService.Bucket b) {
            return new Bucket("bucket", b.start().getEpochSecond(), b.end().getEpochSecond(), b.results().stream().map(Result::from).toList());
        }
    }

    @Schema(name = "VerificationUsageResponse")
    public record UsagePage(
            @Schema(required = true, enumeration = "page") String object,
            @Schema(required = true) List<Bucket> data,
            @Schema(required = true) boolean has_more) {

        static UsagePage of(List<UsageService.Bucket> buckets) {
            return new UsagePage("page", buckets.stream().map(Bucket::from).toList(), false);
        }
    }
}
