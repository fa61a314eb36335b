package dev.keyplane.audit;

import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrading a database with audit rows to the partitioned audit_logs (V15) keeps every row, each in its month's
 * partition, keeps the webhook deliveries that refer to them and their foreign key, and the outbox trigger fires on
 * the partitioned table afterwards.
 */
class AuditPartitionMigrationTest {

    @Test
    void rowsDeliveriesAndTheOutboxSurviveTheUpgrade() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start()) {
            DataSource db = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(db).locations("classpath:db/migration").target("14").load().migrate();
            Instant now = Instant.now();
            List<Instant> times = List.of(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(40)), now);
            List<String> ids = new ArrayList<>();
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO organizations (id, name, created_at) VALUES ('org_upgrade', 'upgrade', now())");
                s.execute("INSERT INTO webhook_endpoints (id, organization_id, url, event_types, enabled, secret, created_at, updated_at)"
                        + " VALUES ('whep_upgrade', 'org_upgrade', 'https://example.com/hooks', '{*}', true, 'whsec_x', now(), now())");
                for (Instant at : times) {
                    ids.add(insert(c, at));
                }
                assertEquals(3, count(c, "SELECT count(*) FROM webhook_deliveries"));
            }

            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();

            try (Connection c = db.getConnection()) {
                for (int i = 0; i < times.size(); i++) {
                    assertEquals(partition(times.get(i)), string(c, "SELECT tableoid::regclass::text FROM audit_logs WHERE id = '" + ids.get(i) + "'"),
                            "row " + i + " in its month's partition");
                }
                assertEquals(0, count(c, "SELECT count(*) FROM audit_logs_overflow"));
                assertEquals(3, count(c, "SELECT count(*) FROM webhook_deliveries"));
                assertTrue(count(c, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass") >= 14,
                        "from the oldest row's month to three months ahead, and the default partition");

                String added = insert(c, now); // the outbox trigger on the partitioned table
                assertEquals(1, count(c, "SELECT count(*) FROM webhook_deliveries WHERE event_id = '" + added + "'"));
                try (Statement s = c.createStatement()) { // the foreign key: deliveries go with their event
                    s.execute("DELETE FROM audit_logs WHERE id = '" + ids.get(1) + "'");
                }
                assertEquals(3, count(c, "SELECT count(*) FROM webhook_deliveries"));
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, status, window_start, created_at)"
                            + " VALUES ('whep_upgrade', 'audit_nosuchevent', 'x', 'pending', now(), now())");
                    throw new AssertionError("a delivery of no event was accepted");
                } catch (SQLException expected) {
                    assertEquals("23503", expected.getSQLState(), "a foreign-key violation");
                }
            }
        }
    }

    private static String insert(Connection c, Instant at) throws SQLException {
        String id = Ids.floor(IdPrefix.AUDIT_LOG, at).substring(0, 16) + Ids.newId(IdPrefix.AUDIT_LOG).substring(16);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO audit_logs (id, organization_id, type, effective_at, actor_type, details)"
                + " VALUES (?, 'org_upgrade', 'project.created', ?, 'system', '{}')")) {
            p.setString(1, id);
            p.setTimestamp(2, Timestamp.from(at));
            p.executeUpdate();
        }
        return id;
    }

    private static String partition(Instant at) {
        YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
        return String.format("audit_logs_y%04dm%02d", month.getYear(), month.getMonthValue());
    }

    private static long count(Connection c, String sql) throws SQLException {
        return Long.parseLong(string(c, sql));
    }

    private static String string(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
