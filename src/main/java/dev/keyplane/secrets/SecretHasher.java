package dev.keyplane.secrets;

import dev.keyplane.access.Internal;
import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.keyplane.KeyplaneConfig;
import dev.keyplane.common.ApiException;
import dev.keyplane.observability.KeyplaneMetrics;
import io.micrometer.core.instrument.Gauge;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id hashing of key secrets, on a dedicated worker pool of bounded size and bounded queue: never
 * on an event-loop thread, never more hashes at once than configured, and when the queue is full a
 * fast 503 instead of an ever-growing backlog (a flood of wrong secrets cannot take the server down).
 */
@Internal("Argon2 hashing for operations that were authorized by their own declaration")
@ApplicationScoped
public class SecretHasher {

    private static final int SALT_LENGTH = 16;
    private static final int HASH_LENGTH = 32;

    @Inject
    KeyplaneConfig config;
    @Inject
    Vertx vertx;
    @Inject
    KeyplaneMetrics metrics;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, SALT_LENGTH, HASH_LENGTH);
    private final AtomicInteger admitted = new AtomicInteger();
    private WorkerExecutor workers;
    private int maxAdmitted;

    @PostConstruct
    void start() {
        int threads = config.argon2().maxConcurrency().orElse(Runtime.getRuntime().availableProcessors());
        maxAdmitted = threads + config.argon2().maxQueued();
        workers = vertx.createSharedWorkerExecutor("keyplane-argon2", threads);
        Gauge.builder("keyplane.argon2.in_flight", admitted, AtomicInteger::get)
                .description("Argon2 computations running or queued").register(metrics.registry());
        Gauge.builder("keyplane.argon2.capacity", () -> maxAdmitted)
                .description("Argon2 computations admitted at most (running plus queued); past that, 503").register(metrics.registry());
    }

    @PreDestroy
    void stop() {
        workers.close();
    }

    public Uni<String> hash(String secret) {
        KeyplaneConfig.Argon2 p = config.argon2();
        return submit(() -> {
            byte[] bytes = secret.getBytes(StandardCharsets.US_ASCII);
            try {
                return argon2.hash(p.iterations(), p.memoryKib(), p.parallelism(), bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        });
    }

    public Uni<Boolean> verify(String hash, String secret) {
        return submit(() -> {
            byte[] bytes = secret.getBytes(StandardCharsets.US_ASCII);
            try {
                return argon2.verify(hash, bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        });
    }

    /** True when a verification submitted now would be refused: callers skip work that would be wasted. */
    public boolean saturated() {
        return admitted.get() >= maxAdmitted;
    }

    /** The fast 503 for a computation the full queue cannot take, counted in the metrics. */
    public <T> Uni<T> refusal() {
        metrics.argon2Refused();
        return Uni.createFrom().failure(ApiException.overloaded("Too many key verifications are in progress; retry shortly."));
    }

    private <T> Uni<T> submit(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            if (admitted.incrementAndGet() > maxAdmitted) {
                admitted.decrementAndGet();
                return refusal();
            }
            // executeBlocking completes on the caller's Vert.x context, so Hibernate sessions stay usable.
            return Uni.createFrom().completionStage(() -> workers.executeBlocking(work, false).toCompletionStage())
                    .onTermination().invoke(admitted::decrementAndGet);
        });
    }
}
