package dev.keyplane.ratelimit;

import dev.keyplane.KeyplaneConfig;
import dev.keyplane.access.Internal;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Rate-limit windows shared by every replica, in a Redis-protocol server ({@code KEYPLANE_REDIS_URL}; Redis 7 or
 * Valkey). The server decides with one script call ({@code ratelimit/gcra.lua}) that checks and consumes atomically,
 * with the server's clock, for a batch of requests at once: the replica holds them as a {@link Lease} and admits
 * them without another round trip, for at most {@code keyplane.redis.lease-ttl}. A lease starts at one request and
 * doubles while it is used up within its life, up to {@code keyplane.redis.lease-share} of the per-minute limit, and
 * shrinks to what was spent when it expires unspent: a key near its limit, or a small limit, is decided request by
 * request; a busy key with a large limit asks the server about once per lease. Requests are counted on the server
 * before they are admitted, so leases never admit more than the limit (only up to a lease's life later than the
 * server counted them); what a replica leaves unspent is lost, at most a lease per replica. A refusal is remembered
 * here until its retry-after, so a key flooding past its limit does not cost a round trip per refused request.
 * <p>
 * Without a URL nothing here runs and each replica counts its own. When the server fails or does not answer within
 * {@code keyplane.redis.timeout}, the decision falls back at once (per-replica counting, or a refusal when the
 * failure mode is {@code closed}), and the server is left alone for {@code keyplane.redis.retry-after} before it is
 * tried again: no request waits on a dead server, and global counting resumes by itself once it is back.
 */
@Internal("the rate limits' shared state: decided for keys already verified or credentials already counted")
@ApplicationScoped
public class SharedWindows {

    /** How limits are being counted right now. */
    public enum Mode {
        /** No server configured: each replica counts its own. */
        PER_REPLICA,
        /** In the shared server: the limits hold across replicas. */
        GLOBAL,
        /** The server is unreachable: falling back (per replica, or refusing when configured fail-closed). */
        DEGRADED
    }

    @Inject
    KeyplaneConfig config;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;

    private Redis client;
    private RedisAPI server;
    private String script;
    private volatile String scriptSha;
    /** Until when (System.nanoTime) the server is left alone after a failure; 0 when it is not. */
    private final AtomicLong pausedUntil = new AtomicLong();
    private Counter errors;
    private Counter calls;
    private double leaseShare;
    private long leaseTtl;
    private final Cache<String, Lease> leases = Caffeine.newBuilder()
            .maximumSize(1_000_000).expireAfterAccess(Duration.ofMinutes(2)).build();

    /**
     * Requests taken from the server and not yet admitted here, with the server's numbers as of the grant (for the
     * headers), or a refusal remembered until its retry-after. Guarded by its own monitor.
     */
    static final class Lease {
        long requests;
        long tokens;
        /** When (System.nanoTime) the leased requests may no longer be spent. */
        long expiresAt;
        long spent;
        long size = 1;
        long limit;
        long serverRemaining;
        long resetSeconds;
        /** Until when (System.nanoTime) requests costing at least {@link #refusedCost} are refused here; 0: none. */
        long refusedUntil;
        long refusedCost;

        /** Admits one request of {@code cost} from the lease, or refuses it while a refusal holds; null: ask the server. */
        RateLimiter.Decision spend(long cost, long now) {
            if (refusedUntil != 0) {
                if (now - refusedUntil < 0 && cost >= refusedCost) {
                    return new RateLimiter.Decision(false, limit, 0, resetSeconds, Math.max(1, seconds(refusedUntil - now)));
                }
                if (now - refusedUntil >= 0) {
                    refusedUntil = 0;
                }
            }
            if (requests < 1 || tokens < cost || now - expiresAt >= 0) {
                return null;
            }
            requests--;
            tokens -= cost;
            spent++;
            return new RateLimiter.Decision(true, limit, serverRemaining + requests, resetSeconds, 0);
        }

        /** How many requests to ask the server for: more while leases are used up in time, fewer when they expire unspent. */
        long nextSize(long cap, long now) {
            if (requests > 0 && now - expiresAt >= 0) {
                size = Math.max(1, Math.min(size, spent));
            } else if (requests == 0 && spent >= size) {
                size = Math.min(cap, size * 2);
            }
            size = Math.max(1, Math.min(size, cap));
            return size;
        }

        /** Keeps what the server granted beyond this request (dropping an expired remainder), and its numbers. */
        RateLimiter.Decision granted(long granted, long cost, long limit, long remaining, long resetSeconds, long expiresAt, long now) {
            if (now - this.expiresAt >= 0) {
                requests = 0;
                tokens = 0;
            }
            if (requests == 0) {
                spent = 0;
            }
            requests += granted - 1;
            tokens += (granted - 1) * cost;
            spent++;
            this.expiresAt = expiresAt;
            this.limit = limit;
            this.serverRemaining = remaining;
            this.resetSeconds = resetSeconds;
            refusedUntil = 0;
            return new RateLimiter.Decision(true, limit, remaining + requests, resetSeconds, 0);
        }

        RateLimiter.Decision refused(long cost, long limit, long remaining, long resetSeconds, long retryAfterSeconds,
                long waitNanos, long now) {
            RateLimiter.Decision concurrentlyLeased = spend(cost, now); // another request's lease arrived meanwhile
            if (concurrentlyLeased != null) {
                return concurrentlyLeased;
            }
            this.limit = limit;
            this.resetSeconds = resetSeconds;
            refusedUntil = now + Math.max(1, waitNanos);
            refusedCost = cost;
            return new RateLimiter.Decision(false, limit, remaining, resetSeconds, retryAfterSeconds);
        }

        private static long seconds(long nanos) {
            return (nanos + 999_999_999L) / 1_000_000_000L;
        }
    }

    @PostConstruct
    void init() {
        leaseShare = config.redis().leaseShare();
        if (!(leaseShare >= 0 && leaseShare <= 1)) {
            throw new IllegalArgumentException("keyplane.redis.lease-share must be between 0 and 1, not " + leaseShare);
        }
        leaseTtl = config.redis().leaseTtl().toNanos();
        if (config.redis().url().isPresent()) {
            // a decision holds a pooled connection for one round trip: a pool sized for a data plane under load
            client = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redis().url().get())
                    .setMaxPoolSize(32).setMaxPoolWaiting(4096).setMaxWaitingHandlers(4096));
            server = RedisAPI.api(client);
            script = read("ratelimit/gcra.lua");
        }
        calls = Counter.builder("keyplane.ratelimit.shared.calls")
                .description("Rate-limit decisions asked of the shared server (the others were admitted from a lease or refused here)")
                .register(registry);
        errors = Counter.builder("keyplane.ratelimit.shared.errors")
                .description("Rate-limit decisions that could not reach the shared server and fell back").register(registry);
        Gauge.builder("keyplane.ratelimit.shared.mode", this, w -> w.mode().ordinal())
                .description("How rate limits are counted: 0 per replica (no server), 1 global, 2 degraded (server unreachable)")
                .register(registry);
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }

    public boolean enabled() {
        return server != null;
    }

    public Mode mode() {
        if (server == null) {
            return Mode.PER_REPLICA;
        }
        return pausedUntil.get() != 0 ? Mode.DEGRADED : Mode.GLOBAL;
    }

    /** Whether a limit refuses while the server is unreachable ({@code keyplane.redis.failure-mode=closed}). */
    public boolean failsClosed() {
        return config.redis().failureMode() == KeyplaneConfig.Redis.FailureMode.CLOSED;
    }

    /**
     * The decision for one request of {@code cost} on the window {@code key} without I/O: admitted from this replica's
     * lease, or refused while a refusal from the server holds; {@code null} when the server must be asked
     * ({@link #decide}).
     */
    public RateLimiter.Decision trySpend(String key, long cost) {
        Lease lease = leases.getIfPresent(key);
        if (lease == null) {
            return null;
        }
        synchronized (lease) {
            return lease.spend(Math.max(1, cost), System.nanoTime());
        }
    }

    /**
     * Decides {@code cost} against {@code spec} for the window {@code key}: from this replica's lease when it holds
     * one, else on the server (taking the next lease); {@code local} is the fallback decision while the server is
     * unreachable (used as it is in fail-open mode).
     */
    public Uni<RateLimiter.Decision> decide(String key, RateLimiter.Spec spec, long cost, Supplier<RateLimiter.Decision> local) {
        long units = Math.max(1, cost);
        Lease lease = leases.get(key, k -> new Lease());
        long want;
        synchronized (lease) {
            long now = System.nanoTime();
            RateLimiter.Decision spent = lease.spend(units, now);
            if (spent != null) {
                return Uni.createFrom().item(spent);
            }
            want = lease.nextSize(Math.max(1, (long) (spec.requestsPerMinute() * leaseShare)), now);
        }
        long paused = pausedUntil.get();
        if (paused != 0 && System.nanoTime() - paused < 0) {
            return Uni.createFrom().item(fallback(spec, local));
        }
        calls.increment();
        return evaluate(key, spec, units, want)
                .ifNoItem().after(config.redis().timeout()).fail()
                .map(response -> {
                    pausedUntil.set(0);
                    long now = System.nanoTime();
                    long granted = response.get(0).toLong();
                    synchronized (lease) {
                        return granted > 0
                                ? lease.granted(granted, units, response.get(1).toLong(), response.get(2).toLong(),
                                        response.get(3).toLong(), now + leaseTtl, now)
                                : lease.refused(units, response.get(1).toLong(), response.get(2).toLong(), response.get(3).toLong(),
                                        response.get(4).toLong(), Math.min(response.get(5).toLong() * 1000, leaseTtl), now);
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    unreachable();
                    return fallback(spec, local);
                });
    }

    /** Asks the server whether it answers (readiness): a failure puts decisions on the fallback like any other. */
    public Uni<Mode> probe() {
        if (server == null) {
            return Uni.createFrom().item(Mode.PER_REPLICA);
        }
        return uni(server.ping(List.of())).ifNoItem().after(config.redis().timeout()).fail()
                .map(pong -> {
                    pausedUntil.set(0);
                    return Mode.GLOBAL;
                })
                .onFailure().recoverWithItem(failure -> {
                    unreachable();
                    return Mode.DEGRADED;
                });
    }

    /** Counts the failure and leaves the server alone for a while: decisions fall back meanwhile. */
    private void unreachable() {
        errors.increment();
        pausedUntil.set(System.nanoTime() + config.redis().retryAfter().toNanos());
    }

    private RateLimiter.Decision fallback(RateLimiter.Spec spec, Supplier<RateLimiter.Decision> local) {
        if (failsClosed()) {
            return new RateLimiter.Decision(false, spec.requestsPerMinute(), 0, 1, 1);
        }
        return local.get();
    }

    private Uni<Response> evaluate(String key, RateLimiter.Spec spec, long cost, long want) {
        List<String> arguments = List.of("1", "kp:rl:" + key, Long.toString(cost), Long.toString(want), Integer.toString(spec.requestsPerMinute()),
                Integer.toString(spec.tokensPerMinute()), Integer.toString(spec.requestsPerDay() == null ? 0 : spec.requestsPerDay()));
        String sha = scriptSha;
        Uni<Response> call = sha == null ? load().chain(loaded -> evalsha(loaded, arguments)) : evalsha(sha, arguments)
                .onFailure(f -> f.getMessage() != null && f.getMessage().startsWith("NOSCRIPT")) // the server restarted
                .recoverWithUni(() -> load().chain(loaded -> evalsha(loaded, arguments)));
        return call;
    }

    private Uni<String> load() {
        return uni(server.script(List.of("LOAD", script))).map(response -> {
            scriptSha = response.toString();
            return scriptSha;
        });
    }

    private Uni<Response> evalsha(String sha, List<String> arguments) {
        List<String> command = new ArrayList<>(arguments.size() + 1);
        command.add(sha);
        command.addAll(arguments);
        return uni(server.evalsha(command));
    }

    private static Uni<Response> uni(Future<Response> future) {
        return Uni.createFrom().emitter(emitter -> future.onComplete(done -> {
            if (done.succeeded()) {
                emitter.complete(done.result());
            } else {
                emitter.fail(done.cause());
            }
        }));
    }

    private static String read(String resource) {
        try (InputStream in = SharedWindows.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
