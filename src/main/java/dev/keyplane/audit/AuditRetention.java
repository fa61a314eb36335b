package dev.keyplane.audit;

import dev.keyplane.KeyplaneConfig;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.db.Retention;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The audit log's partitions and retention. {@code audit_logs} is partitioned by month (by its time-ordered id,
 * {@code V15__audit_logs_partitioned.sql}): every hour each replica makes sure the partitions of the coming
 * {@value #MONTHS_AHEAD} months exist, drops the partitions wholly past {@code keyplane.audit.retention}, and deletes
 * the older rows left in the partition the cutoff falls in, a batch at a time. The SQL functions it calls serialise
 * replicas doing the same at once.
 */
@ApplicationScoped
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);
    static final int MONTHS_AHEAD = 3;
    private static final int PURGE_BATCH = 10_000;

    /** What one run did. */
    public record Maintenance(int partitionsCreated, int partitionsDropped, long rowsPurged) {}

    @Inject
    KeyplaneConfig config;
    @Inject
    Pool pool;

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> maintain() {
        return maintain(Instant.now())
                .invoke(done -> {
                    if (done.partitionsCreated() + done.partitionsDropped() > 0 || done.rowsPurged() > 0) {
                        LOG.infof("Audit log: %d partitions created, %d dropped, %d rows purged past retention",
                                done.partitionsCreated(), done.partitionsDropped(), done.rowsPurged());
                    }
                })
                .onFailure().invoke(f -> LOG.warnf("Audit log maintenance failed: %s", f.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The hourly run as of {@code now}: partitions ahead of it, and retention counted back from it (package-private: the scheduler and tests only). */
    Uni<Maintenance> maintain(Instant now) {
        Instant cutoff = now.minus(config.audit().retention());
        OffsetDateTime from = now.atOffset(ZoneOffset.UTC);
        return pool.preparedQuery("SELECT audit_logs_add_partitions($1, $2)")
                .execute(Tuple.of(from, from.plusMonths(MONTHS_AHEAD)))
                .map(rows -> rows.iterator().next().getInteger(0))
                .chain(created -> pool.preparedQuery("SELECT audit_logs_drop_partitions($1)")
                        .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                        .map(rows -> rows.iterator().next().getInteger(0))
                        // ids are time-ordered: the primary key finds the older rows left in the cutoff's partition
                        .chain(dropped -> Retention.purgeBefore(pool, "audit_logs", Ids.floor(IdPrefix.AUDIT_LOG, cutoff), PURGE_BATCH)
                                .map(purged -> new Maintenance(created, dropped, purged))));
    }
}
