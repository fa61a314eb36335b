package dev.keyplane.verification;

import dev.keyplane.auth.Caller;
import dev.keyplane.auth.KeyAuthenticator;
import dev.keyplane.auth.KeyStatus;
import dev.keyplane.auth.Permission;
import dev.keyplane.common.ApiException;
import dev.keyplane.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The data plane's question: is this key valid, whose is it, may it do this now? Answers for keys of the
 * verifier's own organization (and project, for a project-scoped verifier) only; any other key is
 * NOT_FOUND, so the verifier is never an oracle across tenants.
 */
@ApplicationScoped
public class VerificationService {

    /** The answer: the key's status and, for a valid key, the rate-limit decision that came with it. */
    public record Verdict(KeyStatus status, RateLimiter.Decision rateLimit) {}

    @Inject
    KeyAuthenticator authenticator;
    @Inject
    RateLimiter rateLimiter;

    public Uni<Verdict> verify(Caller verifier, String key, String resource, long cost, List<String> permissions) {
        if (!verifier.permissions().contains(Permission.KEYS_VERIFY)) {
            return Uni.createFrom().failure(ApiException.forbidden("This API key lacks the 'keys.verify' permission."));
        }
        return authenticator.inspect(key).chain(status -> {
            if (status.code() != KeyStatus.Code.NOT_FOUND && !visibleTo(verifier, status)) {
                status = status.withCode(KeyStatus.Code.NOT_FOUND);
            }
            if (!status.isValid()) {
                return Uni.createFrom().item(new Verdict(status, RateLimiter.Decision.UNLIMITED));
            }
            if (permissions != null && !status.caller().grantedNames().containsAll(permissions)) {
                return Uni.createFrom().item(new Verdict(status.withCode(KeyStatus.Code.INSUFFICIENT_PERMISSIONS),
                        RateLimiter.Decision.UNLIMITED));
            }
            return limit(status, resource, cost);
        });
    }

    /** Forward-auth: the presented key is its own credential; only rate limits apply on top. */
    public Uni<Verdict> check(String key, String resource) {
        return authenticator.inspect(key).chain(status -> status.isValid()
                ? limit(status, resource, 1)
                : Uni.createFrom().item(new Verdict(status, RateLimiter.Decision.UNLIMITED)));
    }

    private Uni<Verdict> limit(KeyStatus status, String resource, long cost) {
        Caller caller = status.caller();
        return rateLimiter.acquire(caller.projectId(), caller.keyId(), resource, cost).map(decision -> decision.allowed()
                ? new Verdict(status, decision)
                : new Verdict(status.withCode(KeyStatus.Code.RATE_LIMITED), decision));
    }

    private static boolean visibleTo(Caller verifier, KeyStatus status) {
        if (!verifier.organizationId().equals(status.organizationId())) {
            return false;
        }
        return !verifier.isProjectScoped() || verifier.projectId().equals(status.projectId());
    }
}
