package dev.keyplane.api.dataplane;

import dev.keyplane.access.Caller;
import dev.keyplane.access.CurrentCaller;
import dev.keyplane.api.ErrorResponses;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.auth.ApiKeyAuthenticationMechanism;
import dev.keyplane.auth.KeyStatus;
import dev.keyplane.certificate.ClientCertificateBindings;
import dev.keyplane.certificate.PresentedCertificates;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import dev.keyplane.common.ErrorResponse;
import dev.keyplane.ratelimit.RateLimiter;
import dev.keyplane.verification.VerificationService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data plane: {@code POST /v1/keys/verify} for services that ask about a key, and
 * {@code /v1/auth/check} for gateways' forward-auth (nginx {@code auth_request}, Traefik
 * {@code forwardAuth}, Envoy {@code ext_authz}).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Data plane")
public class DataPlaneResource {

    static final String ORGANIZATION_HEADER = "X-Keyplane-Organization-Id";
    static final String PROJECT_HEADER = "X-Keyplane-Project-Id";
    static final String KEY_HEADER = "X-Keyplane-Key-Id";
    static final String ROLE_HEADER = "X-Keyplane-Role";

    @Inject
    VerificationService verification;
    @Inject
    ErrorResponses errors;
    @Inject
    PresentedCertificates certificates;
    @Inject
    CurrentCaller caller;

    /** Liveness for gateways and the ceiling of this stack in the benchmark: no authentication, no I/O. */
    @GET
    @Path("/ping")
    @Operation(operationId = "ping", summary = "Answers without authentication or database work.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "Keyplane is up.",
            content = @Content(schema = @Schema(implementation = VerifyObjects.Pong.class)))
    @NonBlocking // nothing to wait for: answered on the event loop, no hop to a worker thread
    public VerifyObjects.Pong ping() {
        return VerifyObjects.Pong.INSTANCE;
    }

    @POST
    @Path("/keys/verify")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
    @SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
    @Operation(operationId = "verify-key", summary = "Verifies a key: valid, whose, may it do this now. Always 200 for a well-formed request.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @APIResponse(responseCode = "200", description = "The verdict.",
            content = @Content(schema = @Schema(implementation = VerifyObjects.Response.class)))
    public Uni<VerifyObjects.Response> verify(@Context HttpServerRequest http, @RequestBody(required = true) VerifyObjects.Request body) {
        return verdict(verification, certificates, caller.get(), body, http).map(VerifyObjects.Response::from);
    }

    /**
     * The verdict on a verify request, for this resource and for {@link DataPlaneRoutes} (the same request answered
     * without Quarkus REST when the verifier's key is cached): one place checks the body and asks the service.
     */
    static Uni<VerificationService.Verdict> verdict(VerificationService verification, PresentedCertificates certificates,
                                                    Caller verifier, VerifyObjects.Request body, HttpServerRequest http) {
        if (body == null) {
            throw ApiException.invalid(null, "A JSON request body is required.");
        }
        VerifyObjects.Request request = body.validated();
        String certificate = request.client_certificate_fingerprint() != null
                ? ClientCertificateBindings.normalize(request.client_certificate_fingerprint())
                : presentedCertificate(certificates, http);
        return verification.verify(verifier, request.key(), request.resource(), request.cost() == null ? 1 : request.cost(),
                request.permissions(), certificate);
    }

    @GET
    @Path("/auth/check")
    @Operation(operationId = "auth-check", summary = "Forward-auth for gateways: 200 with identity headers, 401 or 429.")
    @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true)
    @SecurityRequirement(name = OpenApiDefinition.ADMIN_AUTH)
    @SecurityRequirement(name = OpenApiDefinition.API_KEY_HEADER)
    @APIResponse(responseCode = "200", description = "The key is valid and within its rate limits.",
            headers = {@Header(name = ORGANIZATION_HEADER), @Header(name = PROJECT_HEADER), @Header(name = KEY_HEADER),
                    @Header(name = ROLE_HEADER)},
            content = @Content(schema = @Schema(implementation = VerifyObjects.CheckResponse.class)))
    @APIResponse(responseCode = "429", description = "Rate limited.", headers = @Header(name = "Retry-After"),
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RestResponse<Object>> check(@Context HttpServerRequest request,
                                           @Parameter(description = "The resource; defaults to the path of X-Forwarded-Uri or X-Original-URI.")
                                           @QueryParam("resource") String resource) {
        return forwardAuth(request, resource != null ? resource : forwardedPath(request));
    }

    /*
     * Envoy's ext_authz HTTP service appends the original path to its path prefix and keeps the original
     * method, so /v1/auth/check/<original path> answers every method (one JAX-RS method per verb).
     */
    private static final String ENVOY_PATH = "/auth/check/{original: .+}";

    @GET
    @Path(ENVOY_PATH)
    @Operation(hidden = true)
    public Uni<RestResponse<Object>> checkGet(@Context HttpServerRequest request, @PathParam("original") String original) {
        return forwardAuth(request, resourceOf(request, original));
    }

    @POST
    @Path(ENVOY_PATH)
    @Operation(hidden = true)
    public Uni<RestResponse<Object>> checkPost(@Context HttpServerRequest request, @PathParam("original") String original) {
        return forwardAuth(request, resourceOf(request, original));
    }

    @PUT
    @Path(ENVOY_PATH)
    @Operation(hidden = true)
    public Uni<RestResponse<Object>> checkPut(@Context HttpServerRequest request, @PathParam("original") String original) {
        return forwardAuth(request, resourceOf(request, original));
    }

    @PATCH
    @Path(ENVOY_PATH)
    @Operation(hidden = true)
    public Uni<RestResponse<Object>> checkPatch(@Context HttpServerRequest request, @PathParam("original") String original) {
        return forwardAuth(request, resourceOf(request, original));
    }

    @DELETE
    @Path(ENVOY_PATH)
    @Operation(hidden = true)
    public Uni<RestResponse<Object>> checkDelete(@Context HttpServerRequest request, @PathParam("original") String original) {
        return forwardAuth(request, resourceOf(request, original));
    }

    private static String resourceOf(HttpServerRequest request, String original) {
        String explicit = request.getParam("resource");
        return explicit != null ? explicit : "/" + original;
    }

    /** The client certificate the gateway forwarded (Envoy's or nginx's header), as a fingerprint; {@code null} for none. */
    private static String presentedCertificate(PresentedCertificates certificates, HttpServerRequest request) {
        String xfcc = request.getHeader(PresentedCertificates.XFCC_HEADER);
        String nginx = request.getHeader(PresentedCertificates.NGINX_HEADER);
        return xfcc == null && nginx == null ? null : certificates.fingerprint(xfcc, nginx);
    }

    private Uni<RestResponse<Object>> forwardAuth(HttpServerRequest request, String resource) {
        return forwardAuth(verification, certificates, errors, request, resource).map(answer -> {
            RestResponse.ResponseBuilder<Object> builder = RestResponse.ResponseBuilder.create(answer.status()).entity(answer.body());
            answer.headers().forEach(builder::header);
            return builder.build();
        });
    }

    /** A forward-auth answer, written out by this resource or by {@link DataPlaneRoutes}. */
    record CheckAnswer(int status, Object body, Map<String, String> headers) {}

    /** Forward-auth: the presented key judged for {@code resource}, for this resource and {@link DataPlaneRoutes}. */
    static Uni<CheckAnswer> forwardAuth(VerificationService verification, PresentedCertificates certificates, ErrorResponses errors,
                                        HttpServerRequest request, String resource) {
        String key = ApiKeyAuthenticationMechanism.presentedKey(request);
        return verification.check(key == null ? "" : key, resource, presentedCertificate(certificates, request)).map(verdict -> {
            KeyStatus status = verdict.status();
            RateLimiter.Decision limit = verdict.rateLimit();
            Map<String, String> headers = new LinkedHashMap<>();
            if (status.code() == KeyStatus.Code.RATE_LIMITED) {
                headers.put("Retry-After", Long.toString(limit.retryAfterSeconds()));
                rateLimitHeaders(headers, limit);
                return new CheckAnswer(ErrorKind.RATE_LIMITED.status(), errors.render(ApiException.rateLimited("Rate limit reached for "
                        + resource + "; retry in " + limit.retryAfterSeconds() + "s."), request).body(), headers);
            }
            if (!status.isValid()) {
                headers.put("WWW-Authenticate", "Bearer");
                return new CheckAnswer(ErrorKind.UNAUTHORIZED.status(), errors.render(ApiException.unauthorized(), request).body(), headers);
            }
            Caller c = status.caller();
            headers.put(ORGANIZATION_HEADER, c.organizationId());
            headers.put(KEY_HEADER, c.keyId());
            if (c.projectId() != null) {
                headers.put(PROJECT_HEADER, c.projectId());
            }
            if (c.role() != null) {
                headers.put(ROLE_HEADER, c.role());
            }
            rateLimitHeaders(headers, limit);
            return new CheckAnswer(200, new VerifyObjects.CheckResponse(true, c.keyId(), c.organizationId(), c.projectId(), c.role()), headers);
        });
    }

    private static void rateLimitHeaders(Map<String, String> headers, RateLimiter.Decision limit) {
        if (limit.limited()) {
            headers.put("x-ratelimit-limit-requests", Long.toString(limit.limit()));
            headers.put("x-ratelimit-remaining-requests", Long.toString(limit.remaining()));
            headers.put("x-ratelimit-reset-requests", limit.resetSeconds() + "s");
        }
    }

    static String forwardedPath(HttpServerRequest request) {
        String uri = request.getHeader("X-Forwarded-Uri");
        if (uri == null) {
            uri = request.getHeader("X-Original-URI");
        }
        if (uri == null) {
            return null;
        }
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
