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

import java.util.EnumMap;
import java.util.Map;

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

    void install(@Observes Router router) throws JsonProcessingException {
        long limit = maxBodySize.asLongValue();
        ApiException tooLarge = new ApiException(ErrorKind.PAYLOAD_TOO_LARGE, "request_too_large",
                "The request body is larger than " + limit + " bytes.", null);
        // One body per dialect, rendered once.
        Map<Dialect, String> bodies = new EnumMap<>(Dialect.class);
        Map<Dialect, Integer> statuses = new EnumMap<>(Dialect.class);
        for (Dialect dialect : Dialect.values()) {
            ErrorRenderer.Rendered rendered = errors.render(tooLarge, samplePath(dialect));
            bodies.put(dialect, mapper.writeValueAsString(rendered.body()));
            statuses.put(dialect, rendered.status());
        }
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length, limit)) {
                Dialect dialect = Dialect.of(ctx.request().path());
                ctx.response().setStatusCode(statuses.get(dialect))
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(bodies.get(dialect));
                return;
            }
            ctx.next();
        });
    }

    private static String samplePath(Dialect dialect) {
        return switch (dialect) {
            case PRIMARY -> "/v1";
            case MACHINE -> "/machine/projects";
            case INGEST -> "/projects";
            case R4 -> "/api/v1/machine/project";
        };
    }

    private static boolean exceeds(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
