package dev.keyplane.auth;

import dev.keyplane.access.Internal;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * Reads the API key from {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. No header
 * means an anonymous request (secured routes then answer 401); anything else is verified by
 * {@link ApiKeyIdentityProvider}.
 */
@Internal("authentication itself: runs before there is a caller")
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    @Inject
    KeyAuthenticator authenticator;

    static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = presentedKey(context.request());
        if (key == null) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        // A cached key is answered here, without the identity provider manager's pipeline (its Uni stages, each
        // wrapped for context propagation: a few percent of a verification, docs/benchmarks.md, issue 20). No
        // identity augmentor exists to skip (AuthFailureHandlingTest); a key that needs the database still goes
        // through the manager and ApiKeyIdentityProvider.
        Uni<SecurityIdentity> known = ApiKeyIdentityProvider.answerWithoutIo(authenticator, key);
        if (known != null) {
            return known;
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(key), context));
    }

    /** The presented key, {@code ""} for a present but unusable header, {@code null} when none is present. */
    public static String presentedKey(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? authorization.substring(BEARER.length()).trim()
                    : "";
        }
        String apiKey = request.getHeader(API_KEY_HEADER);
        return apiKey == null ? null : apiKey.trim();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }
}
