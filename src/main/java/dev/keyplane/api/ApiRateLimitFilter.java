package dev.keyplane.api;

import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.auth.ApiKeyAuthenticationMechanism;
import dev.keyplane.common.ApiException;
import dev.keyplane.ratelimit.ApiRateLimiter;
import dev.keyplane.ratelimit.RateLimiter;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * Applies the management API's limit ({@link ApiRateLimiter}) before anything else runs, in every dialect,
 * and tells every caller where it stands: {@code RateLimit-Limit}, {@code RateLimit-Remaining} and
 * {@code RateLimit-Reset} on each response, and a 429 in the dialect's envelope with {@code Retry-After}.
 */
@ApplicationScoped
public class ApiRateLimitFilter {

    /**
     * Not limited here: the data plane (its limits are the verified keys'; ping is its liveness check, which a
     * gateway's health checks must always reach) and /q (health, metrics, the document).
     */
    static final Set<String> DATA_PLANE = Set.of("/v1/keys/verify", "/v1/auth/check", "/v1/ping");

    @Inject
    ApiRateLimiter limiter;
    @Inject
    ErrorResponses errors;

    /** Before matching, so before authentication and before the body is read: a limited caller costs nothing more. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public Uni<Response> limit(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.startsWith("/q/") || DATA_PLANE.contains(path)) {
            return NOTHING;
        }
        return limiter.acquire(caller(context)).map(decision -> {
            HttpServerResponse response = context.response();
            response.putHeader("RateLimit-Limit", Integer.toString(limiter.limit()))
                    .putHeader("RateLimit-Remaining", Long.toString(Math.max(0, decision.remaining())))
                    .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
            if (decision.allowed()) {
                return null;
            }
            ErrorRenderer.Rendered rendered = errors.render(ApiException.rateLimited(
                    "Too many requests with this credential: " + limiter.limit() + " a minute. Retry after "
                            + decision.retryAfterSeconds() + "s."), context.request());
            return Response.status(rendered.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(rendered.body())
                    .header("Retry-After", Long.toString(decision.retryAfterSeconds())).build();
        });
    }

    private static final Uni<Response> NOTHING = Uni.createFrom().nullItem();

    /** The presented key's lookup id (never its secret), else the client's address. */
    private static String caller(RoutingContext context) {
        String presented = ApiKeyAuthenticationMechanism.presentedKey(context.request());
        KeyFormat.ParsedKey key = presented == null || presented.isEmpty() ? null : parseQuietly(presented);
        if (key != null) {
            return "k:" + key.lookupId();
        }
        return "a:" + (context.request().remoteAddress() == null ? "?" : context.request().remoteAddress().hostAddress());
    }

    private static KeyFormat.ParsedKey parseQuietly(String presented) {
        try {
            return KeyFormat.parse(presented);
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
