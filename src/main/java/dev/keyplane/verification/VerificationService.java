package dev.keyplane.verification;

import dev.keyplane.access.Caller;
import dev.keyplane.access.Permission;
import dev.keyplane.auth.KeyAuthenticator;
import dev.keyplane.auth.KeyStatus;
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
        try {
            verifier.requireHeld(Permission.KEYS_VERIFY);
        } catch (ApiException denied) {
            return Uni.createFrom().failure(denied);
        }
        // The hot path: a cached key and cached limits are decided here, without a reactive pipeline.
        KeyStatus known = authenticator.inspectWithoutIo(key);
        if (known != null) {
            Verdict verdict = judge(verifier, known, resource, cost, permissions);
            if (verdict != null) {
                return Uni.createFrom().item(verdict);
            }
        }
        return authenticator.inspect(key).chain(status -> {
            Verdict verdict = judge(verifier, status, resource, cost, permissions);
            return verdict != null ? Uni.createFrom().item(verdict) : limit(visible(verifier, status), resource, cost);
        });
    }

    /** Forward-auth: the presented key is its own credential; only rate limits apply on top. */
    public Uni<Verdict> check(String key, String resource) {
        KeyStatus known = authenticator.inspectWithoutIo(key);
        if (known != null) {
            Verdict verdict = judge(known, resource, 1);
            if (verdict != null) {
                return Uni.createFrom().item(verdict);
            }
        }
        return authenticator.inspect(key).chain(status -> {
            Verdict verdict = judge(status, resource, 1);
            return verdict != null ? Uni.createFrom().item(verdict) : limit(status, resource, 1);
        });
    }

    /** The verdict on a key as the verifier may see it, or {@code null} when the project's rate limits must be read first. */
    private Verdict judge(Caller verifier, KeyStatus status, String resource, long cost, List<String> permissions) {
        status = visible(verifier, status);
        if (status.isValid() && permissions != null && !status.caller().grantedNames().containsAll(permissions)) {
            return new Verdict(status.withCode(KeyStatus.Code.INSUFFICIENT_PERMISSIONS), RateLimiter.Decision.UNLIMITED);
        }
        return judge(status, resource, cost);
    }

    private Verdict judge(KeyStatus status, String resource, long cost) {
        if (!status.isValid()) {
            return new Verdict(status, RateLimiter.Decision.UNLIMITED);
        }
        Caller caller = status.caller();
        RateLimiter.Decision decision = rateLimiter.tryAcquire(caller.projectId(), caller.keyId(), resource, cost);
        return decision == null ? null : verdict(status, decision);
    }

    private Uni<Verdict> limit(KeyStatus status, String resource, long cost) {
        Caller caller = status.caller();
        return rateLimiter.acquire(caller.projectId(), caller.keyId(), resource, cost).map(decision -> verdict(status, decision));
    }

    private static Verdict verdict(KeyStatus status, RateLimiter.Decision decision) {
        return decision.allowed()
                ? new Verdict(status, decision)
                : new Verdict(status.withCode(KeyStatus.Code.RATE_LIMITED), decision);
    }

    /** A key outside the verifier's organization (or project, for a project verifier) is NOT_FOUND. */
    private static KeyStatus visible(Caller verifier, KeyStatus status) {
        return status.code() != KeyStatus.Code.NOT_FOUND && !visibleTo(verifier, status)
                ? status.withCode(KeyStatus.Code.NOT_FOUND)
                : status;
    }

    private static boolean visibleTo(Caller verifier, KeyStatus status) {
        if (!verifier.organizationId().equals(status.organizationId())) {
            return false;
        }
        return !verifier.isProjectScoped() || verifier.projectId().equals(status.projectId());
    }
}
