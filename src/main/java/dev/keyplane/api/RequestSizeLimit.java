package dev.keyplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    ObjectMapper mapper;
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
                ErrorRenderer.Rendered rendered = errors.render(tooLarge, ctx.request()); // in the request's dialect
                ctx.response().setStatusCode(rendered.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(json(rendered.body()));
                return;
            }
            ctx.next();
        });
    }

    private String json(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean exceeds(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
