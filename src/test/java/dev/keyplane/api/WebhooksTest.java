package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import dev.keyplane.support.WebhookReceiver;
import dev.keyplane.support.WebhookReceiver.Answer;
import dev.keyplane.support.WebhookReceiver.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks against a real receiver on loopback (allowlisted in the test profile): Standard Webhooks signatures
 * checked by the receiver's own HMAC code, retries after 500s and timeouts, redelivery, disabling, the delivery
 * log, project scoping, and the SSRF refusals.
 */
@QuarkusTest
class WebhooksTest extends ApiTest {

    static final String WEBHOOKS = "/v1/organization/webhooks";
    static final Duration WAIT = Duration.ofSeconds(15);

    WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private Response createWebhook(String base, Object eventTypes) {
        return asOwner().body(Map.of("url", receiver.url("/hooks"), "event_types", eventTypes, "description", "ci")).post(base);
    }

    private static JsonPath json(Received r) {
        return JsonPath.from(r.body());
    }

    /** Polls a GET until {@code path} equals {@code expected}. */
    private void awaitField(String url, String path, Object expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            last = asOwner().get(url).then().statusCode(200).extract().path(path);
            if (expected.equals(last)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " " + path + " is " + last + ", expected " + expected);
    }

    @Test
    void aSubscribedEventArrivesSignedAndIsLogged() throws Exception {
        Response created = createWebhook(WEBHOOKS, List.of("project.created"));
        created.then().statusCode(200)
                .body("id", startsWith("whk_"))
                .body("object", equalTo("organization.webhook"))
                .body("url", equalTo(receiver.url("/hooks")))
                .body("description", equalTo("ci"))
                .body("event_types", equalTo(List.of("project.created")))
                .body("enabled", equalTo(true))
                .body("disabled_reason", nullValue())
                .body("project_id", nullValue())
                .body("secret", startsWith("whsec_"));
        String webhook = created.path("id");
        String secret = created.path("secret");
        asOwner().get(WEBHOOKS + "/" + webhook).then().statusCode(200).body("id", equalTo(webhook)).body("$", not(hasKey("secret")));
        asOwner().get(WEBHOOKS).then().statusCode(200).body("object", equalTo("list")).body("data", hasSize(1))
                .body("data[0].id", equalTo(webhook));

        asOwner().body(Map.of("name", "not subscribed")).post(ADMIN_KEYS).then().statusCode(200);
        long before = Instant.now().getEpochSecond();
        String project = createProject("hooked");
        Received r = receiver.await(x -> x.body().contains(project), WAIT);
        assertTrue(WebhookReceiver.verify(secret, r), "the signature verifies with the secret: " + r);
        assertEquals("application/json", r.contentType());
        assertTrue(Math.abs(Long.parseLong(r.timestamp()) - before) < 60, r.timestamp());
        JsonPath event = json(r);
        assertEquals(r.id(), event.getString("id"), "webhook-id is the audit event's id");
        assertEquals("project.created", event.getString("type"));
        assertEquals(project, event.getString("project.id"));
        assertEquals("hooked", event.getString("'project.created'.data.name"));
        assertEquals("api_key", event.getString("actor.type"));
        assertTrue(receiver.received().stream().noneMatch(x -> x.body().contains("api_key.created")), "unsubscribed types are not sent");

        String deliveries = WEBHOOKS + "/" + webhook + "/deliveries";
        awaitField(deliveries, "data[0].status", "succeeded");
        asOwner().get(deliveries).then().statusCode(200).body("object", equalTo("list"))
                .body("data[0].id", equalTo(r.id()))
                .body("data[0].object", equalTo("webhook.delivery"))
                .body("data[0].webhook_id", equalTo(webhook))
                .body("data[0].event_type", equalTo("project.created"))
                .body("data[0].attempt", equalTo(1))
                .body("data[0].response_status_code", equalTo(204))
                .body("data[0].latency_ms", notNullValue())
                .body("data[0].error", nullValue())
                .body("data[0].next_attempt_at", nullValue())
                .body("data[0].delivered_at", notNullValue());

        // the webhook's own changes are audit events too
        asOwner().queryParam("event_types[]", "webhook.created").queryParam("include_extension_events", true).get(AuditLogTest.AUDIT).then()
                .body("data[0].'webhook.created'.id", equalTo(webhook));
        asOwner().body(Map.of("event_types", List.of("*"), "description", "all")).post(WEBHOOKS + "/" + webhook).then().statusCode(200)
                .body("event_types", equalTo(List.of("*"))).body("description", equalTo("all")).body("url", equalTo(receiver.url("/hooks")));
        asOwner().delete(WEBHOOKS + "/" + webhook).then().statusCode(200)
                .body("object", equalTo("organization.webhook.deleted")).body("id", equalTo(webhook)).body("deleted", equalTo(true));
        assertError(asOwner().get(WEBHOOKS + "/" + webhook), 404, "not_found", null);
    }

    @Test
    void aProjectWebhookReceivesOnlyItsProjectsEvents() throws Exception {
        String mine = createProject("mine");
        String other = createProject("other");
        String base = PROJECTS + "/" + mine + "/webhooks";
        Response created = createWebhook(base, List.of("*"));
        created.then().statusCode(200).body("object", equalTo("organization.project.webhook")).body("project_id", equalTo(mine));
        asOwner().get(WEBHOOKS).then().body("data", hasSize(0)); // not an organization webhook
        asOwner().get(PROJECTS + "/" + other + "/webhooks").then().statusCode(200).body("data", hasSize(0));
        assertError(asOwner().get(PROJECTS + "/" + other + "/webhooks/" + created.path("id")), 404, "not_found", null);

        asOwner().body(Map.of("name", "elsewhere")).post(PROJECTS + "/" + other + "/service_accounts").then().statusCode(200);
        addUser("ada@example.com", "reader"); // an organization event
        asOwner().body(Map.of("name", "here")).post(PROJECTS + "/" + mine + "/service_accounts").then().statusCode(200);
        receiver.await(x -> json(x).getString("type").equals("service_account.created"), WAIT);
        Thread.sleep(500);
        for (Received r : receiver.received()) {
            assertEquals(mine, json(r).getString("project.id"), "only its project's events: " + r.body());
        }
    }

    @Test
    void failuresAreRetriedWithBackoffUntilAnAttemptSucceeds() throws Exception {
        receiver.answer(Answer.status(500), Answer.slow(Duration.ofMillis(2500)));
        String webhook = createWebhook(WEBHOOKS, List.of("project.created")).then().statusCode(200).extract().path("id");
        String project = createProject("retried");
        List<Received> attempts = receiver.awaitCount(x -> x.body().contains(project), 3, WAIT);
        assertEquals(1, attempts.stream().map(Received::id).distinct().count(), "every attempt carries the same webhook-id");
        assertTrue(attempts.get(1).receivedAtMillis() - attempts.get(0).receivedAtMillis() >= 200, "a backoff between attempts");
        String deliveries = WEBHOOKS + "/" + webhook + "/deliveries";
        awaitField(deliveries, "data[0].status", "succeeded");
        asOwner().get(deliveries).then().body("data[0].attempt", equalTo(3)).body("data[0].response_status_code", equalTo(204));
        asOwner().get(WEBHOOKS + "/" + webhook).then().body("enabled", equalTo(true));
    }

    @Test
    void anEndpointFailingAttemptAfterAttemptIsDisabledAndCanBeEnabledAgain() throws Exception {
        for (int i = 0; i < 4; i++) {
            receiver.answer(new Answer(500, Duration.ZERO, "x".repeat(10_000), Map.of()));
        }
        String webhook = createWebhook(WEBHOOKS, List.of("project.created")).then().statusCode(200).extract().path("id");
        String project = createProject("doomed");
        awaitField(WEBHOOKS + "/" + webhook, "enabled", false);
        asOwner().get(WEBHOOKS + "/" + webhook).then().body("disabled_reason", equalTo("failing"));
        asOwner().get(WEBHOOKS + "/" + webhook + "/deliveries").then()
                .body("data[0].status", equalTo("pending"))
                .body("data[0].attempt", equalTo(4))
                .body("data[0].response_status_code", equalTo(500))
                .body("data[0].response_body", equalTo("x".repeat(1024))); // the first 1 KiB only
        asOwner().queryParam("event_types[]", "webhook.disabled").queryParam("include_extension_events", true).get(AuditLogTest.AUDIT).then()
                .body("data", hasSize(1))
                .body("data[0].actor", nullValue())
                .body("data[0].'webhook.disabled'.id", equalTo(webhook))
                .body("data[0].'webhook.disabled'.reason", equalTo("failing"));
        assertEquals(4, receiver.received().size());

        // nothing is sent while disabled; enabling it sends what waited
        createProject("while disabled");
        Thread.sleep(800);
        assertEquals(4, receiver.received().size());
        asOwner().body(Map.of("enabled", true)).post(WEBHOOKS + "/" + webhook).then().statusCode(200)
                .body("enabled", equalTo(true)).body("disabled_reason", nullValue());
        receiver.await(x -> x.body().contains(project) && receiver.received().indexOf(x) >= 4, WAIT);
        awaitField(WEBHOOKS + "/" + webhook + "/deliveries", "data[0].status", "succeeded");
        // events while it was disabled were not kept for it
        asOwner().get(WEBHOOKS + "/" + webhook + "/deliveries").then().body("data", hasSize(1));
    }

    @Test
    void redeliveryTestEventsAndSecretRotation() throws Exception {
        Response created = createWebhook(WEBHOOKS, List.of("project.created"));
        String webhook = created.path("id");
        String oldSecret = created.path("secret");
        String other = createWebhook(WEBHOOKS, List.of("*")).then().statusCode(200).extract().path("id");
        String project = createProject("again");
        Received first = receiver.await(x -> x.body().contains(project), WAIT);
        String deliveries = WEBHOOKS + "/" + webhook + "/deliveries";
        awaitField(deliveries, "data[0].status", "succeeded");

        asOwner().post(deliveries + "/" + first.id() + "/retry").then().statusCode(200)
                .body("id", equalTo(first.id())).body("status", equalTo("pending"));
        receiver.awaitCount(x -> x.id().equals(first.id()), 3, WAIT); // twice to webhook (first and retry), once to other

        Response tested = asOwner().post(WEBHOOKS + "/" + webhook + "/test");
        tested.then().statusCode(200).body("event_type", equalTo("webhook.tested")).body("status", equalTo("pending"))
                .body("webhook_id", equalTo(webhook));
        Received test = receiver.await(x -> x.id().equals(tested.path("id")), WAIT);
        assertEquals("webhook.tested", json(test).getString("type"));
        Thread.sleep(500);
        assertEquals(1, receiver.received().stream().filter(x -> x.id().equals(tested.<String>path("id"))).count(),
                "a test event goes to the webhook tested only, not to " + other);

        String newSecret = asOwner().post(WEBHOOKS + "/" + webhook + "/rotate_secret").then().statusCode(200)
                .body("id", equalTo(webhook)).extract().path("secret");
        assertTrue(newSecret.startsWith("whsec_") && !newSecret.equals(oldSecret));
        String later = createProject("after rotation");
        Received signed = receiver.await(x -> x.body().contains(later) && json(x).getString("type").equals("project.created")
                && WebhookReceiver.verify(newSecret, x), WAIT);
        assertFalse(WebhookReceiver.verify(oldSecret, signed), "the old secret no longer signs");

        assertError(asOwner().post(deliveries + "/audit_00000000000000000000000000/retry"), 404, "not_found", null);
        assertError(asOwner().post(deliveries + "/nope/retry"), 404, "not_found", null);
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        receiver.answer(new Answer(302, Duration.ZERO, "", Map.of("Location", "http://169.254.169.254/latest/meta-data")));
        String webhook = createWebhook(WEBHOOKS, List.of("project.created")).then().statusCode(200).extract().path("id");
        createProject("redirected");
        String deliveries = WEBHOOKS + "/" + webhook + "/deliveries";
        awaitField(deliveries, "data[0].response_status_code", 302);
        asOwner().get(deliveries).then().body("data[0].error", equalTo("redirects are not followed"))
                .body("data[0].status", equalTo("pending"));
    }

    @Test
    void urlsThatCouldReachInternalServicesAreRefused() {
        for (String url : List.of("https://127.0.0.2/h", "https://[::1]/h", "https://169.254.169.254/latest/meta-data",
                "https://10.0.0.1/h", "https://172.16.0.1/h", "https://192.168.1.1/h", "https://[fd00::1]/h",
                "https://[fe80::1]/h", "https://224.0.0.1/h", "https://[::ffff:10.0.0.1]/h", "https://[::ffff:127.0.0.2]/h",
                "https://[64:ff9b::a00:1]/h", "https://0.0.0.0/h", "https://100.64.0.1/h", "https://255.255.255.255/h",
                "http://93.184.215.14/h", "ftp://93.184.215.14/h", "https://user:pw@93.184.215.14/h", "not a url", "https:///h",
                "https://93.184.215.14/h#fragment")) {
            assertError(asOwner().body(Map.of("url", url)).post(WEBHOOKS), 400, "invalid_value", "url");
        }
        String webhook = asOwner().body(Map.of("url", "https://93.184.215.14/h")).post(WEBHOOKS).then().statusCode(200)
                .body("event_types", equalTo(List.of("*"))).extract().path("id");
        assertError(asOwner().body(Map.of("url", "https://10.1.2.3/h")).post(WEBHOOKS + "/" + webhook), 400, "invalid_value", "url");
        asOwner().delete(WEBHOOKS + "/" + webhook).then().statusCode(200);
    }

    @Test
    void badInputAndPermissions() {
        assertError(asOwner().body(Map.of("event_types", List.of("*"))).post(WEBHOOKS), 400, "invalid_value", "url");
        assertError(asOwner().body(Map.of("url", receiver.url("/"), "event_types", List.of("project.exploded"))).post(WEBHOOKS),
                400, "invalid_value", "event_types");
        assertError(asOwner().body(Map.of("url", receiver.url("/"), "event_types", List.of())).post(WEBHOOKS),
                400, "invalid_value", "event_types");
        String webhook = createWebhook(WEBHOOKS, List.of("*")).then().statusCode(200).extract().path("id");
        assertError(asOwner().body(Map.of()).post(WEBHOOKS + "/" + webhook), 400, "invalid_value", null);
        assertError(asOwner().get(WEBHOOKS + "/whk_00000000000000000000000000"), 404, "not_found", null);
        assertError(asOwner().get(WEBHOOKS + "/nope"), 404, "not_found", null);

        String reader = createAdminKey("r", "reader");
        as(reader).get(WEBHOOKS).then().statusCode(200).body("data", hasSize(1));
        assertError(as(reader).body(Map.of("url", receiver.url("/"))).post(WEBHOOKS), 403, "insufficient_permissions", null);
        String project = createProject("p");
        String other = createProject("q");
        String bot = serviceAccountKey(project, "owner");
        assertError(as(bot).get(WEBHOOKS), 403, "insufficient_permissions", null);
        as(bot).body(Map.of("url", receiver.url("/"))).post(PROJECTS + "/" + project + "/webhooks").then().statusCode(200);
        assertError(as(bot).get(PROJECTS + "/" + other + "/webhooks"), 404, "not_found", null);

        // a stranger organization sees none of it
        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS).then().extract().path("admin_key.value");
        assertError(as(stranger).get(WEBHOOKS + "/" + webhook), 404, "not_found", null);
    }

    @Test
    void anIdempotentCreateReplaysWithoutTheSecret() {
        Map<String, Object> body = Map.of("url", receiver.url("/"));
        Response first = asOwner().header("Idempotency-Key", "hook-1").body(body).post(WEBHOOKS);
        first.then().statusCode(200);
        Response replay = asOwner().header("Idempotency-Key", "hook-1").body(body).post(WEBHOOKS);
        replay.then().statusCode(200).body("id", equalTo(first.path("id"))).body("secret", equalTo("whsec_…"));
        asOwner().get(WEBHOOKS).then().body("data", hasSize(1));
    }
}
