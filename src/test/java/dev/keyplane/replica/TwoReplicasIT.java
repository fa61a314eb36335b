package dev.keyplane.replica;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.support.PackagedApp;
import dev.keyplane.support.WebhookReceiver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged Keyplane processes against one PostgreSQL: a change made through one replica takes effect
 * on the other within a second (LISTEN/NOTIFY), and a replica whose notification channel dropped
 * re-validates every cached key after reconnecting. Runs after packaging ({@code ./mvnw verify}).
 */
class TwoReplicasIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static EmbeddedPostgres postgres;
    private static final List<PackagedApp> replicas = new ArrayList<>();
    private static String a;
    private static String b;
    private static String ownerKey;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        ownerKey = KeyFormat.generate(KeyKind.ADMIN).raw();
        a = start("replica-a");
        b = start("replica-b");
    }

    @AfterAll
    static void stop() throws Exception {
        for (PackagedApp replica : replicas) {
            replica.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void revocationOnOneReplicaReachesTheOtherWithinASecond() throws Exception {
        String created = send(a, "POST", "/v1/organization/admin_api_keys", ownerKey, "{\"name\":\"shared\"}", 200);
        String key = field(created, "value");
        String id = field(created, "id");
        send(b, "GET", "/v1/organization/projects", key, null, 200); // cached on b
        send(b, "GET", "/v1/organization/projects", key, null, 200);

        send(a, "DELETE", "/v1/organization/admin_api_keys/" + id, ownerKey, null, 200);
        long millis = millisUntil(b, key, 401);
        System.out.println("[replicas] revocation on a reached b after " + millis + " ms");
        assertTrue(millis < 1_000, "b refused the revoked key after " + millis + " ms");
        String verdict = send(b, "POST", "/v1/keys/verify", ownerKey, "{\"key\":\"" + key + "\"}", 200);
        assertEquals("REVOKED", field(verdict, "code"));
    }

    @Test
    void aRevocationThroughTheSeedDialectReachesTheOtherReplicaWithinASecond() throws Exception {
        String created = send(a, "POST", "/projects", ownerKey, "{\"name\":\"ingest\"}", 201);
        String project = field(created, "id"); // the project comes first in the body
        String key = field(created, "apiKey");
        String keyId = field(send(a, "GET", "/projects/" + project + "/api-keys", ownerKey, null, 200), "id");
        send(b, "GET", "/projects/" + project, key, null, 200); // cached on b
        send(a, "DELETE", "/api-keys/" + keyId, ownerKey, null, 200);
        long millis = millisUntil(b, key, 401, "/projects/" + project);
        System.out.println("[replicas] DELETE /api-keys/{id} on a reached b after " + millis + " ms");
        assertTrue(millis < 1_000, "b refused the revoked key after " + millis + " ms");
    }

    @Test
    void archivingAProjectOnOneReplicaStopsItsKeysOnTheOther() throws Exception {
        String project = field(send(a, "POST", "/v1/organization/projects", ownerKey, "{\"name\":\"replicated\"}", 200), "id");
        String account = send(a, "POST", "/v1/organization/projects/" + project + "/service_accounts", ownerKey,
                "{\"name\":\"bot\"}", 200);
        String key = field(account, "value");
        send(b, "GET", "/v1/organization/projects/" + project, key, null, 200);
        send(a, "POST", "/v1/organization/projects/" + project + "/archive", ownerKey, null, 200);
        long millis = millisUntil(b, key, 401, "/v1/organization/projects/" + project);
        System.out.println("[replicas] archive on a stopped the project's key on b after " + millis + " ms");
        assertTrue(millis < 1_000, "b refused the archived project's key after " + millis + " ms");
    }

    @Test
    void aReplicaRevalidatesItsCacheAfterLosingTheChannel() throws Exception {
        String created = send(a, "POST", "/v1/organization/admin_api_keys", ownerKey, "{\"name\":\"missed\"}", 200);
        String key = field(created, "value");
        send(b, "GET", "/v1/organization/projects", key, null, 200); // cached on b
        try (Connection db = postgres.getPostgresDatabase().getConnection(); Statement sql = db.createStatement()) {
            // a change b cannot hear about: straight in the database, then every listener is cut off
            sql.executeUpdate("UPDATE api_keys SET revoked_at = now() WHERE id = '" + field(created, "id") + "'");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%'");
        }
        long millis = millisUntil(b, key, 401);
        System.out.println("[replicas] b re-validated its cache after reconnecting in " + millis + " ms");
        assertTrue(millis < 3_000, "b re-validated after reconnecting, in " + millis + " ms");
    }

    @Test
    void aRollOnOneReplicaEndsTheOldKeyOnTheOtherWhenItsGraceIsOver() throws Exception {
        String created = send(a, "POST", "/v1/organization/admin_api_keys", ownerKey, "{\"name\":\"rolled\"}", 200);
        String key = field(created, "value");
        send(b, "GET", "/v1/organization/projects", key, null, 200); // cached on b
        String successor = field(send(a, "POST", "/v1/organization/admin_api_keys/" + field(created, "id") + "/roll", ownerKey,
                "{\"grace_period_seconds\":0}", 200), "value");
        long millis = millisUntil(b, key, 401);
        System.out.println("[replicas] a roll without grace on a ended the old key on b after " + millis + " ms");
        assertTrue(millis < 1_000, "b refused the rolled key after " + millis + " ms");
        send(b, "GET", "/v1/organization/projects", successor, null, 200);
    }

    @Test
    void bothReplicasDispatchWebhooksAndEachEventArrivesOnce() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String webhook = send(a, "POST", "/v1/organization/webhooks", ownerKey,
                    "{\"url\":\"" + receiver.url("/replicas") + "\",\"event_types\":[\"project.created\"]}", 200);
            String secret = field(webhook, "secret");
            int events = 40;
            for (int i = 0; i < events; i++) { // both replicas write, both dispatch
                send(i % 2 == 0 ? a : b, "POST", "/v1/organization/projects", ownerKey, "{\"name\":\"fan-out " + i + "\"}", 200);
            }
            receiver.awaitCount(r -> r.body().contains("fan-out"), events, Duration.ofSeconds(30));
            Thread.sleep(2_000); // time enough for a duplicate to show up
            List<WebhookReceiver.Received> received = receiver.received();
            assertEquals(events, received.size(), "each event delivered once");
            assertEquals(events, received.stream().map(WebhookReceiver.Received::id).distinct().count());
            assertTrue(received.stream().allMatch(r -> WebhookReceiver.verify(secret, r)));
            System.out.println("[replicas] " + events + " webhook events, each delivered exactly once between the two replicas");
            send(b, "DELETE", "/v1/organization/webhooks/" + field(webhook, "id"), ownerKey, null, 200);
        }
    }

    private static long millisUntil(String base, String key, int status) throws Exception {
        return millisUntil(base, key, status, "/v1/organization/projects");
    }

    private static long millisUntil(String base, String key, int status, String path) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
            HttpResponse<String> r = HTTP.send(request(base, "GET", path, key, null), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == status) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(base + path + " never answered " + status);
    }

    private static String start(String name) throws Exception {
        PackagedApp replica = PackagedApp.start(name, postgres, ownerKey, "256m");
        replicas.add(replica);
        return replica.baseUrl();
    }

    private static HttpRequest request(String base, String method, String path, String key, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.build();
    }

    private static String send(String base, String method, String path, String key, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(request(base, method, path, key, body), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), method + " " + path + ": " + r.body());
        return r.body();
    }

    /** A top-level or nested string field of a JSON body ("value" finds api_key.value too). */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
