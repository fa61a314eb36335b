package dev.keyplane.ratelimit;

import dev.keyplane.KeyplaneConfig;
import dev.keyplane.access.Internal;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Rate-limit windows shared by every replica, in a Redis-protocol server ({@code KEYPLANE_REDIS_URL}; Redis 7 or
 * Valkey). Each decision is one script call ({@code ratelimit/gcra.lua}) that checks and consumes atomically on the
 * server, with the server's clock: one round trip, no leases to reconcile, exact across replicas.
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

    @PostConstruct
    void init() {
        if (config.redis().url().isPresent()) {
            // a decision holds a pooled connection for one round trip: a pool sized for a data plane under load
            client = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redis().url().get())
                    .setMaxPoolSize(32).setMaxPoolWaiting(4096).setMaxWaitingHandlers(4096));
            server = RedisAPI.api(client);
            script = read("ratelimit/gcra.lua");
        }
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
     * Decides {@code cost} against {@code spec} for the window {@code key} on the server; {@code local} is the
     * fallback decision while the server is unreachable (used as it is in fail-open mode).
     */
    public Uni<RateLimiter.Decision> decide(String key, RateLimiter.Spec spec, long cost, Supplier<RateLimiter.Decision> local) {
        long paused = pausedUntil.get();
        if (paused != 0 && System.nanoTime() - paused < 0) {
            return Uni.createFrom().item(fallback(spec, local));
        }
        return evaluate(key, spec, cost)
                .ifNoItem().after(config.redis().timeout()).fail()
                .map(decision -> {
                    pausedUntil.set(0);
                    return decision;
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

    private Uni<RateLimiter.Decision> evaluate(String key, RateLimiter.Spec spec, long cost) {
        List<String> arguments = List.of("1", "kp:rl:" + key, Long.toString(Math.max(1, cost)), Integer.toString(spec.requestsPerMinute()),
                Integer.toString(spec.tokensPerMinute()), Integer.toString(spec.requestsPerDay() == null ? 0 : spec.requestsPerDay()));
        String sha = scriptSha;
        Uni<Response> call = sha == null ? load().chain(loaded -> evalsha(loaded, arguments)) : evalsha(sha, arguments)
                .onFailure(f -> f.getMessage() != null && f.getMessage().startsWith("NOSCRIPT")) // the server restarted
                .recoverWithUni(() -> load().chain(loaded -> evalsha(loaded, arguments)));
        return call.map(SharedWindows::decision);
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

    private static RateLimiter.Decision decision(Response response) {
        return new RateLimiter.Decision(response.get(0).toInteger() == 1, response.get(1).toLong(), response.get(2).toLong(),
                response.get(3).toLong(), response.get(4).toLong());
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
