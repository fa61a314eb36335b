package dev.keyplane.api;

import dev.keyplane.idempotency.IdempotencyService;
import org.jboss.resteasy.reactive.RestResponse;

/** Builds the HTTP response of an idempotent create, marking replays. */
public final class Replays {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private Replays() {}

    /** 200 with the body, as the primary dialect answers a create. */
    public static <T> RestResponse<T> ok(IdempotencyService.Outcome<T> outcome) {
        return of(RestResponse.Status.OK, outcome);
    }

    /** 201 with the body, as the seed dialects answer a create. */
    public static <T> RestResponse<T> created(IdempotencyService.Outcome<T> outcome) {
        return of(RestResponse.Status.CREATED, outcome);
    }

    private static <T> RestResponse<T> of(RestResponse.Status status, IdempotencyService.Outcome<T> outcome) {
        RestResponse.ResponseBuilder<T> builder = RestResponse.ResponseBuilder.create(status, outcome.body());
        if (outcome.replayed()) {
            builder.header(REPLAYED_HEADER, "true");
        }
        return builder.build();
    }
}
