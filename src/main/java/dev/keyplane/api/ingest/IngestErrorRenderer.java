package dev.keyplane.api.ingest;

import dev.keyplane.api.Dialect;
import dev.keyplane.api.ErrorRenderer;
import dev.keyplane.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Seed 002's envelope {@code {"error":{"code","message"}}}, with the shared codes and statuses. */
@ApplicationScoped
public class IngestErrorRenderer implements ErrorRenderer {

    @Schema(name = "IngestErrorResponse")
    public record IngestErrorResponse(@Schema(required = true) Error error) {

        @Schema(name = "IngestError")
        public record Error(@Schema(required = true) String code, @Schema(required = true) String message) {}
    }

    @Override
    public Dialect dialect() {
        return Dialect.INGEST;
    }

    @Override
    public Rendered render(ApiException failure, String method) {
        return new Rendered(failure.kind().status(),
                new IngestErrorResponse(new IngestErrorResponse.Error(failure.code(), failure.getMessage())));
    }
}
