package dev.keyplane.audit;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.support.PackagedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that hangs up in the middle of an audit export gives back every pooled connection: the export's chunk in
 * flight runs to its end (Hibernate Reactive does not close a session whose Uni is cancelled, quarkusio/quarkus#51576),
 * so with a pool of four connections, eight abandoned exports later the API still answers. Runs after packaging.
 */
class AuditExportDisconnectIT {

    private static final int POOL = 4;

    @Test
    void abandonedExportsLeakNoConnection() throws Exception {
        String ownerKey = KeyFormat.generate(KeyKind.ADMIN).raw();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start()) {
            try (PackagedApp app = PackagedApp.start("export-disconnect", postgres, ownerKey, "256m",
                    Map.of("KEYPLANE_DB_POOL_SIZE", Integer.toString(POOL)))) {
                try (Connection db = postgres.getPostgresDatabase().getConnection(); Statement sql = db.createStatement()) {
                    ResultSet org = sql.executeQuery("SELECT id FROM organizations");
                    assertTrue(org.next());
                    sql.executeUpdate("""
                            INSERT INTO audit_logs (id, organization_id, type, effective_at, actor_type, resource_id, details)
                            SELECT 'audit_' || lpad(g::text, 26, '0'), '%s',
                                   CASE WHEN g %% 50 = 0 THEN 'project.created' ELSE 'project.updated' END, now(), 'system', 'proj_x',
                                   '{"id":"proj_x","changes_requested":{"description":"x"}}'
                            FROM generate_series(1, 300000) g""".formatted(org.getString(1)));
                    sql.execute("ANALYZE audit_logs");
                }
                URI uri = URI.create(app.baseUrl());
                // a filter that one row in fifty matches: each chunk of the export is a query that scans a while, so the
                // hang-up lands during one (as a gateway timing out an export does)
                for (int i = 0; i < 2 * POOL; i++) { // read the first bytes of an export, then hang up
                    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                        OutputStream out = socket.getOutputStream();
                        out.write(("GET /v1/organization/audit_logs/export?event_types%5B%5D=project.created HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer "
                                + ownerKey + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        InputStream in = socket.getInputStream();
                        byte[] head = in.readNBytes(4 * 1024);
                        assertTrue(new String(head, 0, 12, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
                    }
                }
                // many clients at once, more than the pool, hanging up while their requests wait for a connection or run
                // (as wrk does at the end of a run, or a gateway at its timeout)
                for (int round = 0; round < 5; round++) {
                    java.util.List<Socket> clients = new java.util.ArrayList<>();
                    for (int c = 0; c < 8 * POOL; c++) {
                        Socket socket = new Socket(uri.getHost(), uri.getPort());
                        socket.getOutputStream().write(("GET /v1/organization/audit_logs?limit=20&event_types%5B%5D=project.created&after=audit_"
                                + String.format("%026d", 250000 - c * 1000) + " HTTP/1.1\r\nHost: " + uri.getHost()
                                + "\r\nAuthorization: Bearer " + ownerKey + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                        clients.add(socket);
                    }
                    Thread.sleep(100);
                    for (Socket socket : clients) {
                        socket.setSoLinger(true, 0); // a reset, as an abandoned connection
                        socket.close();
                    }
                }
                Thread.sleep(2_000);
                HttpClient http = HttpClient.newHttpClient();
                for (int i = 0; i < 3 * POOL; i++) {
                    HttpResponse<String> projects = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/v1/organization/projects"))
                            .header("Authorization", "Bearer " + ownerKey).timeout(Duration.ofSeconds(20)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, projects.statusCode(), "the pool still serves requests: " + projects.body());
                }
            }
        }
    }
}
