package dev.keyplane.webhook;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.support.PackagedApp;
import dev.keyplane.support.WebhookReceiver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox: a change committed by a process that is then killed (SIGKILL) before delivering is delivered
 * by the next process, because the delivery row was committed with the change. The first process does not
 * dispatch at all, so the kill certainly comes before any delivery. Runs after packaging.
 */
class WebhookOutboxIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aChangeCommittedBeforeACrashIsDeliveredAfterTheRestart() throws Exception {
        String ownerKey = KeyFormat.generate(KeyKind.ADMIN).raw();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
             WebhookReceiver receiver = new WebhookReceiver()) {
            PackagedApp first = PackagedApp.start("outbox-first", postgres, ownerKey, "256m", Map.of("KEYPLANE_WEBHOOKS_DISPATCH", "false"));
            String secret;
            String project;
            try {
                secret = field(post(first, "/v1/organization/webhooks", ownerKey,
                        "{\"url\":\"" + receiver.url("/outbox") + "\",\"event_types\":[\"project.created\"]}"), "secret");
                project = field(post(first, "/v1/organization/projects", ownerKey, "{\"name\":\"before the crash\"}"), "id");
                Thread.sleep(1_000);
                assertEquals(0, receiver.received().size(), "the first process does not deliver");
            } finally {
                first.kill();
            }
            try (PackagedApp second = PackagedApp.start("outbox-second", postgres, ownerKey, "256m")) {
                WebhookReceiver.Received delivered = receiver.await(r -> r.body().contains(project), Duration.ofSeconds(20));
                assertTrue(WebhookReceiver.verify(secret, delivered), "signed with the endpoint's secret");
                assertTrue(second.isAlive());
            }
        }
    }

    private static String post(PackagedApp app, String path, String key, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), "no " + name + " in " + json);
        return m.group(1);
    }
}
