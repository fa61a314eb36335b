package dev.keyplane.verification;

import dev.keyplane.access.Internal;
import dev.keyplane.access.Caller;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.auth.KeyAuthenticator;
import dev.keyplane.auth.KeyStatus;
import dev.keyplane.certificate.ClientCertificateBindings;
import dev.keyplane.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import dev.keyplane.observability.KeyplaneMetrics;
import dev.keyplane.verification.VerificationMetrics.Endpoint;
import jakarta.enterprise.context.ApplicationScoped;
import dev.keyplane.usage.UsageRecorder;
import jakarta.inject.Inject;

import java.time.Instant;
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
    @Inject
    ClientCertificateBindings bindings;
    @Inject
    UsageRecorder usage;
    @Inject
    KeyplaneMetrics metrics;
    @Inject
    VerificationMetrics verificationMetrics;

    /** @param certificate the fingerprint of the client certificate presented with the key, or {@code null} */
    @RequiresPermission(value = Permission.KEYS_VERIFY, scope = RequiresPermission.Scope.KEY)
    public Uni<Verdict> verify(Caller verifier, String key, String resource, long cost, List<String> permissions, String certificate) {
        long started = System.nanoTime();
        // The hot path: a cached key and cached limits are decided here, without a reactive pipeline.
        KeyStatus known = authenticator.inspectWithoutIo(key);
        if (known != null) {
            Verdict verdict = judge(verifier, known, resource, cost, permissions, certificate);
            if (verdict != null) {
                return Uni.createFrom().item(counted(verdict, resource, Endpoint.VERIFY, true, started));
            }
        }
        return authenticator.inspect(key).chain(status -> {
            Verdict verdict = judge(verifier, status, resource, cost, permissions, certificate);
            return verdict != null ? Uni.createFrom().item(verdict) : resolve(visible(verifier, status), resource, cost, certificate);
        }).map(verdict -> counted(verdict, resource, Endpoint.VERIFY, false, started));
    }

    /** Forward-auth: the presented key is its own credential; its project's certificate binding and rate limits apply on top. */
    @Internal("forward-auth: the presented key is its own credential, judged by the verdict")
    public Uni<Verdict> check(String key, String resource, String certificate) {
        long started = System.nanoTime();
        KeyStatus known = authenticator.inspectWithoutIo(key);
        if (known != null) {
            Verdict verdict = judge(known, resource, 1, certificate);
            if (verdict != null) {
                return Uni.createFrom().item(counted(verdict, resource, Endpoint.CHECK, true, started));
            }
        }
        return authenticator.inspect(key).chain(status -> {
            Verdict verdict = judge(status, resource, 1, certificate);
            return verdict != null ? Uni.createFrom().item(verdict) : resolve(status, resource, 1, certificate);
        }).map(verdict -> counted(verdict, resource, Endpoint.CHECK, false, started));
    }

    /**
     * Counts a verdict: in the metrics (by outcome, with its latency and rate-limit decision) and, for a
     * known key, in its usage (an unknown key has no one to count it for).
     */
    private Verdict counted(Verdict verdict, String resource, Endpoint endpoint, boolean cached, long started) {
        KeyStatus status = verdict.status();
        if (status.keyId() != null && status.code() != KeyStatus.Code.NOT_FOUND) {
            usage.record(status.keyId(), status.projectId(), resource, status.code().name());
        }
        if (verdict.rateLimit() != RateLimiter.Decision.UNLIMITED) {
            metrics.rateLimitDecision(verdict.rateLimit().allowed());
        }
        verificationMetrics.verification(endpoint, status.code(), cached, started);
        return verdict;
    }

    /**
     * The verdict on a key as the verifier may see it, or {@code null} when the project's certificate binding
     * or rate limits must be read first.
     */
    private Verdict judge(Caller verifier, KeyStatus status, String resource, long cost, List<String> permissions, String certificate) {
        status = visible(verifier, status);
        if (status.isValid() && permissions != null && !status.caller().grantedNames().containsAll(permissions)) {
            return new Verdict(status.withCode(KeyStatus.Code.INSUFFICIENT_PERMISSIONS), RateLimiter.Decision.UNLIMITED);
        }
        return judge(status, resource, cost, certificate);
    }

    private Verdict judge(KeyStatus status, String resource, long cost, String certificate) {
        if (!status.isValid()) {
            return new Verdict(status, RateLimiter.Decision.UNLIMITED);
        }
        Caller caller = status.caller();
        if (caller.projectId() != null) {
            ClientCertificateBindings.Binding binding = bindings.peek(caller.projectId());
            if (binding == null) {
                return null;
            }
            Verdict refused = refusal(status, binding, certificate);
            if (refused != null) {
                return refused;
            }
        }
        RateLimiter.Decision decision = rateLimiter.tryAcquire(caller.projectId(), caller.keyId(), resource, cost);
        return decision == null ? null : verdict(status, decision);
    }

    /** The slow path of a valid key: read what is not in memory yet (the certificate binding, the rate limits), then decide. */
    private Uni<Verdict> resolve(KeyStatus status, String resource, long cost, String certificate) {
        Caller caller = status.caller();
        Uni<ClientCertificateBindings.Binding> binding = caller.projectId() == null
                ? Uni.createFrom().item(ClientCertificateBindings.Binding.NONE)
                : Uni.createFrom().deferred(() -> {
                    ClientCertificateBindings.Binding known = bindings.peek(caller.projectId());
                    return known != null ? Uni.createFrom().item(known) : bindings.load(caller.projectId());
                });
        return binding.chain(b -> {
            Verdict refused = refusal(status, b, certificate);
            return refused != null ? Uni.createFrom().item(refused)
                    : rateLimiter.acquire(caller.projectId(), caller.keyId(), resource, cost).map(decision -> verdict(status, decision));
        });
    }

    private static Verdict refusal(KeyStatus status, ClientCertificateBindings.Binding binding, String certificate) {
        ClientCertificateBindings.Refusal refusal = binding.check(certificate, Instant.now());
        if (refusal == null) {
            return null;
        }
        return new Verdict(status.withCode(refusal == ClientCertificateBindings.Refusal.REQUIRED
                ? KeyStatus.Code.CERTIFICATE_REQUIRED : KeyStatus.Code.CERTIFICATE_MISMATCH), RateLimiter.Decision.UNLIMITED);
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
