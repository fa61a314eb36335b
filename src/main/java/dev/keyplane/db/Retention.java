package dev.keyplane.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Purges of tables keyed by time-ordered ids ({@code common/Ids}): the rows whose id sorts before a horizon (the
 * smallest id of the cutoff instant) are found through the primary key and deleted a batch at a time, so the table
 * never takes one long lock.
 */
public final class Retention {

    private Retention() {}

    /** Deletes {@code table}'s rows with {@code id < horizon}, {@code batch} at a time; resolves to how many went. */
    public static Uni<Long> purgeBefore(Pool pool, String table, String horizon, int batch) {
        return purgeBatch(pool, "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE id < $1 ORDER BY id LIMIT $2)",
                horizon, batch, 0L);
    }

    private static Uni<Long> purgeBatch(Pool pool, String sql, String horizon, int batch, long soFar) {
        return pool.preparedQuery(sql).execute(Tuple.of(horizon, batch))
                .chain(rows -> rows.rowCount() < batch
                        ? Uni.createFrom().item(soFar + rows.rowCount())
                        : purgeBatch(pool, sql, horizon, batch, soFar + rows.rowCount()));
    }
}
