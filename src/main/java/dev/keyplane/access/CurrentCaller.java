package dev.keyplane.access;

import dev.keyplane.common.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The caller of the current request, for resources to hand to services. */
@RequestScoped
public class CurrentCaller {

    @Inject
    SecurityIdentity identity;

    public Caller get() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof Caller caller)) {
            throw ApiException.unauthorized();
        }
        return caller;
    }
}
