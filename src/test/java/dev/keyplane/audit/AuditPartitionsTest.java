package dev.keyplane.audit;

import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.support.ApiTest;
import dev.keyplane.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code audit_logs} is partitioned by month (V15): the partitions of the coming months exist and are created by the
 * hourly maintenance as time goes on; a change lands in its month's partition, never the default one; retention
 * drops whole partitions, with the webhook deliveries of their events, and leaves newer rows and the list alone.
 */
@QuarkusTest
class AuditPartitionsTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Pool pool;
    @Inject
    AuditRetention retention;

    @Test
    void theDatabaseMintsTheSameIdFloorsAsTheApplication() {
        for (Instant at : List.of(Instant.ofEpochMilli(1), Instant.parse("2024-02-29T23:59:59.999Z"),
                Instant.parse("2026-12-01T00:00:00Z"), Instant.now(), Instant.parse("2999-12-31T23:59:59.999Z"))) {
            assertEquals(Ids.floor(IdPrefix.AUDIT_LOG, at),
                    rows("SELECT keyplane_id_floor('audit_', $1)", Tuple.of(at.atOffset(ZoneOffset.UTC))).get(0).getString(0), at.toString());
        }
    }

    @Test
    void partitionsOfTheComingMonthsAreCreatedAutomatically() {
        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        retention.maintain().await().atMost(WAIT); // what every replica runs hourly
        for (int ahead = 0; ahead <= AuditRetention.MONTHS_AHEAD; ahead++) {
            assertTrue(partitions().contains(name(thisMonth.plusMonths(ahead))), "the partition of " + thisMonth.plusMonths(ahead));
        }
        // seven months on, the run of that hour has created the months then coming into reach
        Instant later = Instant.now().plus(Duration.ofDays(210));
        retention.maintain(later).await().atMost(WAIT);
        YearMonth laterMonth = YearMonth.from(later.atOffset(ZoneOffset.UTC));
        for (int ahead = 0; ahead <= AuditRetention.MONTHS_AHEAD; ahead++) {
            assertTrue(partitions().contains(name(laterMonth.plusMonths(ahead))), "the partition of " + laterMonth.plusMonths(ahead));
        }
        // a row of that time goes to its month's partition
        insert(later, "project.created");
        assertEquals(name(laterMonth), rows("SELECT tableoid::regclass::text FROM audit_logs WHERE organization_id = $1 AND effective_at = $2",
                Tuple.of(organizationId, later.atOffset(ZoneOffset.UTC))).get(0).getString(0));

        // and a change made now, through the API, to this month's
        createProject("partitioned");
        for (Row row : rows("SELECT tableoid::regclass::text, effective_at FROM audit_logs WHERE organization_id = $1 AND effective_at < $2",
                Tuple.of(organizationId, later.atOffset(ZoneOffset.UTC)))) {
            assertEquals(name(YearMonth.from(row.getOffsetDateTime(1))), row.getString(0));
        }
        assertEquals(0L, rows("SELECT count(*) FROM audit_logs_overflow", Tuple.tuple()).get(0).getLong(0), "nothing in the default partition");
    }

    @Test
    void retentionDropsWholePartitionsWithTheirDeliveries() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // every event of the organization is delivered: the old rows have deliveries referring to them
            asOwner().body(Map.of("url", receiver.url("/hooks"), "event_types", List.of("*"))).post("/v1/organization/webhooks")
                    .then().statusCode(200);
            Instant now = Instant.now();
            Instant twoYearsAgo = now.minus(Duration.ofDays(800));
            Instant thirteenMonthsAgo = now.minus(Duration.ofDays(400));
            Instant lastWeek = now.minus(Duration.ofDays(7));
            rows("SELECT audit_logs_add_partitions($1, $2)", Tuple.of(twoYearsAgo.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)));
            String ancient = insert(twoYearsAgo, "project.created");
            String old = insert(thirteenMonthsAgo, "project.updated");
            String recent = insert(lastWeek, "project.archived");
            assertEquals(3L, rows("SELECT count(*) FROM webhook_deliveries WHERE event_id = ANY($1)",
                    Tuple.of(new String[] {ancient, old, recent})).get(0).getLong(0), "the outbox trigger fired on the partitioned table");
            String ancientPartition = name(YearMonth.from(twoYearsAgo.atOffset(ZoneOffset.UTC)));
            String oldPartition = name(YearMonth.from(thirteenMonthsAgo.atOffset(ZoneOffset.UTC)));
            assertTrue(partitions().containsAll(List.of(ancientPartition, oldPartition)));

            AuditRetention.Maintenance done = retention.maintain(now).await().atMost(WAIT); // a retention of 365 days
            assertTrue(done.partitionsDropped() >= 2, "dropped " + done.partitionsDropped());
            assertFalse(partitions().contains(ancientPartition));
            assertFalse(partitions().contains(oldPartition));
            assertEquals(List.of(recent), ids("SELECT id FROM audit_logs WHERE id = ANY($1)", new String[] {ancient, old, recent}));
            assertEquals(List.of(recent), ids("SELECT event_id FROM webhook_deliveries WHERE event_id = ANY($1)", new String[] {ancient, old, recent}));

            // the list reads across partitions as before, newest first
            asOwner().queryParam("limit", 100).get("/v1/organization/audit_logs").then().statusCode(200)
                    .body("data.find { it.id == '" + recent + "' }.type", equalTo("project.archived"))
                    .body("data.find { it.id == '" + old + "' }", equalTo(null));
        }
    }

    /** Writes an audit row of this test's organization at {@code at}, with an id minted at that time; returns the id. */
    private String insert(Instant at, String type) {
        String floor = Ids.floor(IdPrefix.AUDIT_LOG, at);
        StringBuilder random = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            random.append("0123456789abcdefghjkmnpqrstvwxyz".charAt(RANDOM.nextInt(32)));
        }
        String id = floor.substring(0, floor.length() - 16) + random;
        rows("INSERT INTO audit_logs (id, organization_id, type, effective_at, actor_type, details) VALUES ($1, $2, $3, $4, 'system', '{}')",
                Tuple.of(id, organizationId, type, at.atOffset(ZoneOffset.UTC)));
        return id;
    }

    private List<String> partitions() {
        List<String> names = new ArrayList<>();
        rows("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_logs'::regclass",
                Tuple.tuple()).forEach(row -> names.add(row.getString(0)));
        return names;
    }

    private List<String> ids(String sql, String[] ids) {
        List<String> found = new ArrayList<>();
        rows(sql, Tuple.of(ids)).forEach(row -> found.add(row.getString(0)));
        return found;
    }

    private static String name(YearMonth month) {
        return String.format("audit_logs_y%04dm%02d", month.getYear(), month.getMonthValue());
    }

    private List<Row> rows(String sql, Tuple arguments) {
        List<Row> result = new ArrayList<>();
        pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT).forEach(result::add);
        return result;
    }
}
