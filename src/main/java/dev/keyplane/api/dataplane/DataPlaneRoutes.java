package dev.keyplane.api.dataplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.keyplane.access.Caller;
import dev.keyplane.api.ErrorResponses;
import dev.keyplane.auth.ApiKeyAuthenticationMechanism;
import dev.keyplane.auth.KeyAuthenticator;
import dev.keyplane.certificate.PresentedCertificates;
import dev.keyplane.verification.VerificationService;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;

import java.util.concurrent.atomic.LongAdder;

/**
 * The data plane's two hot requests answered on Vert.x routes, before Quarkus REST: {@code POST /v1/keys/verify}
 * when the verifier's own key is known without I/O (the system key or a cached key), and {@code GET /v1/auth/check}.
 * Gateways send these thousands of times a second, and Quarkus REST's per-request machinery (its handler chain,
 * the request scope, lazy authentication and the security interceptor, the generic body reader and writer) cost
 * more than the verification itself (docs/benchmarks.md, issue 20).
 * <p>
 * The answers are the resource's: {@link DataPlaneResource#verdict} and {@link DataPlaneResource#forwardAuth}
 * decide them, the shared {@code ObjectMapper} reads and writes them, {@link ErrorResponses} renders failures, and
 * the service's permission check applies as always. Every request a route cannot answer exactly as Quarkus REST
 * would goes on to {@link DataPlaneResource}, which stays the operations' definition (and their OpenAPI document):
 * an unknown, uncached or refused verifier key (authentication and its 401), a query string (the {@code resource}
 * parameter, or an unknown one to refuse), a content type other than JSON (415), an {@code Accept} header that
 * needs negotiating, a body without a declared length (read there under the body limit), and Envoy's
 * {@code /v1/auth/check/<path>} form. {@code DataPlaneRoutesTest} holds the two paths to the same answers.
 */
@ApplicationScoped
public class DataPlaneRoutes {

    static final String VERIFY = "/v1/keys/verify";
    static final String CHECK = "/v1/auth/check";
    /** What Quarkus REST declares for the entity of a {@code @Produces(APPLICATION_JSON)} method. */
    private static final String JSON_UTF8 = MediaType.APPLICATION_JSON + ";charset=UTF-8";

    /** Requests the routes answered; {@code DataPlaneRoutesTest} checks that they really take them. */
    static final LongAdder ANSWERED = new LongAdder();

    @Inject
    KeyAuthenticator authenticator;
    @Inject
    VerificationService verification;
    @Inject
    PresentedCertificates certificates;
    @Inject
    ErrorResponses errors;
    @Inject
    ObjectMapper mapper;

    private ObjectReader requests;

    void install(@Observes Router router) {
        requests = mapper.readerFor(VerifyObjects.Request.class);
        // after the filters (trace ids, the body limit), before Quarkus REST
        router.post(VERIFY).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::verify);
        router.get(CHECK).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::check);
    }

    private void verify(RoutingContext context) {
        HttpServerRequest request = context.request();
        Caller verifier = plain(request, VERIFY) && hasJsonBody(request)
                ? authenticator.callerWithoutIo(ApiKeyAuthenticationMechanism.presentedKey(request))
                : null;
        if (verifier == null) {
            context.next();
            return;
        }
        ANSWERED.increment();
        request.body().onComplete(read -> {
            if (read.failed()) {
                errors.end(read.cause(), context);
                return;
            }
            try {
                Buffer body = read.result();
                VerifyObjects.Request parsed = body == null || body.length() == 0 ? null : requests.readValue(body.getBytes());
                DataPlaneResource.verdict(verification, certificates, verifier, parsed, request).subscribe().with(
                        verdict -> respond(context, 200, VerifyObjects.Response.from(verdict)),
                        failure -> errors.end(failure, context));
            } catch (Exception failure) { // a malformed body, a refused field: the same 400 as the exception mappers'
                errors.end(failure, context);
            }
        });
        request.resume(); // Quarkus pauses every request until a handler is ready for its body
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!plain(request, CHECK)) {
            context.next();
            return;
        }
        ANSWERED.increment();
        try {
            DataPlaneResource.forwardAuth(verification, certificates, errors, request, DataPlaneResource.forwardedPath(request))
                    .subscribe().with(answer -> {
                        answer.headers().forEach(context.response()::putHeader);
                        respond(context, answer.status(), answer.body());
                    }, failure -> errors.end(failure, context));
        } catch (RuntimeException failure) {
            errors.end(failure, context);
        }
    }

    private void respond(RoutingContext context, int status, Object body) {
        HttpServerResponse response = context.response();
        if (response.closed()) {
            return;
        }
        try {
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON_UTF8)
                    .end(Buffer.buffer(mapper.writeValueAsBytes(body)));
        } catch (Exception failure) {
            errors.end(failure, context);
        }
    }

    /** A request Quarkus REST would hand straight to the method: the exact path, no query, nothing to negotiate. */
    private static boolean plain(HttpServerRequest request, String path) {
        if (!path.equals(request.path()) || request.query() != null) {
            return false;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept == null || accept.equals("*/*") || accept.equalsIgnoreCase(MediaType.APPLICATION_JSON);
    }

    /** A declared length (so the body limit was checked) and a JSON content type, as {@code @Consumes} requires. */
    private static boolean hasJsonBody(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (request.getHeader(HttpHeaders.CONTENT_LENGTH) == null || contentType == null
                || !contentType.regionMatches(true, 0, MediaType.APPLICATION_JSON, 0, MediaType.APPLICATION_JSON.length())) {
            return false;
        }
        int end = MediaType.APPLICATION_JSON.length();
        return contentType.length() == end || contentType.charAt(end) == ';' || contentType.charAt(end) == ' ';
    }
}
