package dev.keyplane.usage;

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

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Write-behind verification counts, like {@code last_used_at}: the data plane adds one to an in-memory counter
 * per (key, resource, day, outcome); a scheduled flush adds every counter to {@code key_usage} in one
 * statement. Distinct counters are capped, so a flood of made-up resource names cannot grow memory unbounded:
 * past the cap, counts go to the resource {@value #OTHER}.
 */
@Internal("records usage of keys that were already verified")
@ApplicationScoped
public class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);
    static final String OTHER = "(other)";
    static final String ANY = "*";
    private static final int MAX_COUNTERS = 100_000;
    private static final int MAX_RESOURCE_LENGTH = 255;

    private static final String FLUSH = """
            INSERT INTO key_usage (api_key_id, project_id, resource, day, outcome, count)
            SELECT u.key_id, p.id, u.resource, u.day, u.outcome, u.count
            FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::bigint[])
                 AS u(key_id, project_id, resource, day, outcome, count)
            JOIN api_keys k ON k.id = u.key_id
            LEFT JOIN projects p ON p.id = u.project_id
            ON CONFLICT (api_key_id, day, resource, outcome) DO UPDATE SET count = key_usage.count + excluded.count""";

    record Counter(String keyId, String projectId, String resource, long epochDay, String outcome) {}

    @Inject
    Pool pool;

    private final ConcurrentHashMap<Counter, LongAdder> pending = new ConcurrentHashMap<>();

    /** One verification of a known key. Allocation-light and lock-free: it runs on every request of the data plane. */
    public void record(String keyId, String projectId, String resource, String outcome) {
        String r = resource == null || resource.isEmpty() ? ANY
                : resource.length() > MAX_RESOURCE_LENGTH ? resource.substring(0, MAX_RESOURCE_LENGTH) : resource;
        long day = System.currentTimeMillis() / 86_400_000L;
        ConcurrentHashMap<Counter, LongAdder> counters = pending;
        Counter counter = new Counter(keyId, projectId, r, day, outcome);
        LongAdder adder = counters.get(counter);
        if (adder == null) {
            if (counters.size() >= MAX_COUNTERS) {
                counter = new Counter(keyId, projectId, OTHER, day, outcome);
            }
            adder = counters.computeIfAbsent(counter, c -> new LongAdder());
        }
        adder.increment();
    }

    @Scheduled(every = "${keyplane.auth.last-used-flush-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> flush() {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> keys = new ArrayList<>();
        List<String> projects = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        List<LocalDate> days = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        Map<LongAdder, Long> taken = new java.util.IdentityHashMap<>();
        long yesterday = System.currentTimeMillis() / 86_400_000L - 1;
        for (Map.Entry<Counter, LongAdder> e : pending.entrySet()) {
            // take what is there and subtract exactly that: increments racing the flush stay for the next one
            long n = e.getValue().sum();
            if (n == 0) {
                if (e.getKey().epochDay() < yesterday) {
                    pending.remove(e.getKey(), e.getValue()); // a past day's counter gets no more increments
                }
                continue;
            }
            e.getValue().add(-n);
            taken.put(e.getValue(), n);
            Counter c = e.getKey();
            keys.add(c.keyId());
            projects.add(c.projectId());
            resources.add(c.resource());
            days.add(LocalDate.ofEpochDay(c.epochDay()));
            outcomes.add(c.outcome());
            counts.add(n);
        }
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(FLUSH)
                .execute(Tuple.of(keys.toArray(new String[0]), projects.toArray(new String[0]), resources.toArray(new String[0]),
                        days.toArray(new LocalDate[0]), outcomes.toArray(new String[0]), counts.toArray(new Long[0])))
                .replaceWithVoid()
                .onFailure().invoke(f -> {
                    LOG.warnf("Could not write %d usage counters (kept for the next flush): %s", keys.size(), f.toString());
                    taken.forEach(LongAdder::add); // back where they were, for the next flush
                })
                .onFailure().recoverWithNull();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        try {
            flush().await().atMost(java.time.Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("usage flush at shutdown failed", e);
        }
    }
}
