package dev.keyplane.audit;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.support.PackagedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export streams: 100,000 rows of about 1.1 KB each (some 110 MB of JSON) leave a process whose heap is
 * capped at 64 MiB and which exits on the first OutOfMemoryError. An export that gathered its rows, or
 * wrote faster than the client reads, would die and truncate the stream. Runs after packaging.
 */
class AuditExportIT {

    private static final int ROWS = 100_000;
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Pattern ID = Pattern.compile("^\\{\"id\":\"(audit_[0-9a-z]{26})\"");

    private static EmbeddedPostgres postgres;
    private static PackagedApp app;
    private static String ownerKey;

    @BeforeAll
    static void startWithABoundedHeap() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        ownerKey = KeyFormat.generate(KeyKind.ADMIN).raw();
        app = PackagedApp.start("audit-export", postgres, ownerKey, "64m");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void exportsAHundredThousandRowsThroughA64MibHeap() throws Exception {
        try (Connection db = postgres.getPostgresDatabase().getConnection(); Statement sql = db.createStatement()) {
            ResultSet org = sql.executeQuery("SELECT id FROM organizations");
            assertTrue(org.next(), "the bootstrap organization exists");
            String organization = org.getString(1);
            // one second apart from FROM, plus a row on either side of the range that must not be exported
            sql.executeUpdate("""
                    INSERT INTO audit_logs (id, organization_id, type, effective_at, actor_type, resource_id, details)
                    SELECT 'audit_' || lpad(g::text, 26, '0'), '%s', 'project.updated',
                           timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second', 'system', 'proj_' || lpad(g::text, 26, '0'),
                           '{"id":"proj_' || lpad(g::text, 26, '0') || '","changes_requested":{"description":"' || repeat('x', 1000) || '"}}'
                    FROM generate_series(0, %d) g""".formatted(organization, ROWS + 1));
        }
        long rangeStart = FROM.getEpochSecond() + 1;
        long rangeEnd = rangeStart + ROWS;
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/v1/organization/audit_logs/export"
                        + "?effective_at%5Bgte%5D=" + rangeStart + "&effective_at%5Blt%5D=" + rangeEnd))
                .header("Authorization", "Bearer " + ownerKey).timeout(Duration.ofMinutes(5)).build();
        long started = System.nanoTime();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));

        long lines = 0;
        String previous = "";
        try (Stream<String> body = response.body()) {
            for (Iterator<String> it = body.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isBlank()) {
                    continue;
                }
                Matcher id = ID.matcher(line);
                assertTrue(id.find(), "an AuditLog per line: " + line.substring(0, Math.min(200, line.length())));
                assertTrue(id.group(1).compareTo(previous) > 0, "oldest first: " + id.group(1) + " after " + previous);
                if (lines == 0) {
                    assertEquals("audit_" + "0".repeat(25) + "1", id.group(1), "the range starts at its first second");
                    assertTrue(line.contains("\"type\":\"project.updated\"") && line.contains("\"effective_at\":" + rangeStart), line);
                }
                previous = id.group(1);
                lines++;
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[audit export] %d rows streamed in %d ms through a 64 MiB heap%n", lines, millis);
        assertEquals(ROWS, lines, "every row of the range, and only those; the server log is " + app.log());
        assertEquals("audit_" + String.format("%026d", ROWS), previous, "the range ends at its last second");
        assertTrue(app.isAlive(), "the server survived the export; see " + app.log());
    }
}
