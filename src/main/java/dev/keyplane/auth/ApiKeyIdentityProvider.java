package dev.keyplane.auth;

import dev.keyplane.access.Internal;
import dev.keyplane.access.Caller;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Verifies an {@link ApiKeyAuthenticationRequest} and builds the identity whose principal is the {@link Caller}. */
@Internal("authentication itself: runs before there is a caller")
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    @Inject
    KeyAuthenticator authenticator;

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        // Reached only for keys the mechanism could not answer without I/O (answerWithoutIo): the lookup itself.
        return authenticator.authenticate(request.key())
                .map(ApiKeyIdentityProvider::identity)
                .onFailure(f -> f instanceof ApiException api && api.kind() == ErrorKind.UNAUTHORIZED)
                .transform(f -> new AuthenticationFailedException(f.getMessage()));
    }

    /**
     * The answer for the system key, a cached key or a malformed one, at once and without a reactive pipeline;
     * {@code null} when the key must be looked up (the mechanism then asks the identity provider manager).
     */
    static Uni<SecurityIdentity> answerWithoutIo(KeyAuthenticator authenticator, String key) {
        Caller system = authenticator.systemCaller(key);
        if (system != null) {
            return Uni.createFrom().item(identity(system));
        }
        KeyStatus known = authenticator.inspectWithoutIo(key);
        if (known == null) {
            return null;
        }
        return known.isValid()
                ? Uni.createFrom().item(identity(known.caller()))
                : Uni.createFrom().failure(new AuthenticationFailedException(ApiException.unauthorized().getMessage()));
    }

    private static SecurityIdentity identity(Caller caller) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(caller);
        if (caller.role() != null) {
            identity.addRole(caller.role());
        }
        return identity.build();
    }
}
