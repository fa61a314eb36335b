package dev.keyplane.api;

import dev.keyplane.idempotency.IdempotencyService;
import org.jboss.resteasy.reactive.RestResponse;

/** Builds the HTTP response of an idempotent create, marking replays. */
public final class Replays {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private Replays() {}

    public static <T> RestResponse<T> ok(IdempotencyService.Outcome<T> outcome) {
        RestResponse.ResponseBuilder<T> builder = RestResponse.ResponseBuilder.ok(outcome.body());
        if (outcome.replayed()) {
            builder.header(REPLAYED_HEADER, "true");
        }
        return builder.build();
    }
}
