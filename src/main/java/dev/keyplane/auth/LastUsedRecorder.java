package dev.keyplane.auth;

import dev.keyplane.access.Internal;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Write-behind {@code last_used_at}: authentication only records the time in memory; a scheduled flush
 * writes all keys used since the last flush in one statement, so a key is written at most once per interval.
 */
@Internal("records last use of keys that were already verified")
@ApplicationScoped
public class LastUsedRecorder {

    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);
    private static final String FLUSH = """
            UPDATE api_keys k SET last_used_at = u.used_at
            FROM unnest($1::text[], $2::timestamptz[]) AS u(id, used_at)
            WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used_at)""";

    @Inject
    Pool pool;

    private final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();

    /**
     * Records a use. Within the same second the recorded time stands (last_used_at is read in whole seconds):
     * a lock-free read instead of a write to the map's bin, which every event loop verifying the same key
     * (a gateway's own key on every request) would otherwise contend for.
     */
    public void touch(String keyId) {
        long now = System.currentTimeMillis();
        Long recorded = pending.get(keyId);
        if (recorded == null || now - recorded >= 1000) {
            pending.put(keyId, now);
        }
    }

    @Scheduled(every = "${keyplane.auth.last-used-flush-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> flush() {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = new ArrayList<>();
        List<OffsetDateTime> times = new ArrayList<>();
        for (Map.Entry<String, Long> e : pending.entrySet()) {
            if (pending.remove(e.getKey(), e.getValue())) {
                ids.add(e.getKey());
                times.add(OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(e.getValue()), ZoneOffset.UTC));
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(FLUSH)
                .execute(Tuple.of(ids.toArray(new String[0]), times.toArray(new OffsetDateTime[0])))
                .replaceWithVoid()
                .onFailure().invoke(f -> LOG.warnf("Could not record last use of %d keys: %s", ids.size(), f.toString()))
                .onFailure().recoverWithNull();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        try {
            flush().await().atMost(java.time.Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("last_used_at flush at shutdown failed", e);
        }
    }
}
