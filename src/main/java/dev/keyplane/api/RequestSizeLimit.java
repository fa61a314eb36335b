package dev.keyplane.api;

import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body over {@code quarkus.http.limits.max-body-size} with 413 and the error envelope,
 * before Quarkus's own limit would answer with an empty body. (Chunked bodies are still cut at the limit
 * by Quarkus while reading, which surfaces as a 413 through the exception mappers.)
 */
@ApplicationScoped
public class RequestSizeLimit {

    @Inject
    ErrorResponses errors;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        ApiException tooLarge = new ApiException(ErrorKind.PAYLOAD_TOO_LARGE, "request_too_large",
                "The request body is larger than " + limit + " bytes.", null);
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length, limit)) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                errors.end(tooLarge, ctx); // in the request's dialect
                return;
            }
            ctx.next();
        });
    }

    private static boolean exceeds(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
