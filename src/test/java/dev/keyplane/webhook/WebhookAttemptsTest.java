package dev.keyplane.webhook;

import dev.keyplane.support.ApiTest;
import dev.keyplane.support.WebhookReceiver;
import dev.keyplane.support.WebhookReceiver.Answer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every attempt of a webhook delivery is kept (GET …/deliveries/{delivery_id}/attempts), not only the last one the
 * delivery shows: in order, with status codes, latency, error and the start of the body; bounded per delivery
 * (attempts-per-delivery is 3 in the test profile) and by age.
 */
@QuarkusTest
class WebhookAttemptsTest extends ApiTest {

    private static final String WEBHOOKS = "/v1/organization/webhooks";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    WebhookDispatcher dispatcher;

    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** A webhook receiving project.created at {@code base}; returns its id. */
    private String webhook(String base) {
        return asOwner().body(Map.of("url", receiver.url("/hooks"), "event_types", List.of("project.created"))).post(base)
                .then().statusCode(200).extract().path("id");
    }

    /** Waits until the webhook's newest delivery has succeeded; returns the delivery log's response. */
    private Response awaitSucceeded(String deliveries) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Response log = asOwner().get(deliveries);
            log.then().statusCode(200);
            if ("succeeded".equals(log.path("data[0].status"))) {
                return log;
            }
            assertTrue(System.nanoTime() < deadline, "the delivery succeeds: " + log.asString());
            Thread.sleep(100);
        }
    }

    @Test
    void aFailureThenASuccessAreBothKeptInOrder() throws Exception {
        receiver.answer(new Answer(500, Duration.ZERO, "oops", Map.of()), new Answer(200, Duration.ZERO, "ok", Map.of()));
        String webhook = webhook(WEBHOOKS);
        String project = createProject("twice");
        String deliveries = WEBHOOKS + "/" + webhook + "/deliveries";
        Response log = awaitSucceeded(deliveries);
        String delivery = log.path("data[0].id");
        // the delivery itself still shows its last attempt, as before
        log.then().body("data", hasSize(1))
                .body("data[0].object", equalTo("webhook.delivery"))
                .body("data[0].attempt", equalTo(2))
                .body("data[0].response_status_code", equalTo(200))
                .body("data[0].response_body", equalTo("ok"))
                .body("data[0].error", nullValue())
                .body("data[0].delivered_at", notNullValue());
        assertTrue(receiver.received().stream().allMatch(r -> r.body().contains(project)));

        String attempts = deliveries + "/" + delivery + "/attempts";
        Response both = asOwner().get(attempts);
        both.then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data", hasSize(2))
                .body("has_more", equalTo(false))
                .body("data[0].id", startsWith("whatt_"))
                .body("data[0].object", equalTo("webhook.delivery.attempt"))
                .body("data[0].delivery_id", equalTo(delivery))
                .body("data[0].webhook_id", equalTo(webhook))
                .body("data[0].attempt", equalTo(1))
                .body("data[0].response_status_code", equalTo(500))
                .body("data[0].response_body", equalTo("oops"))
                .body("data[0].latency_ms", greaterThanOrEqualTo(0))
                .body("data[0].error", nullValue())
                .body("data[1].attempt", equalTo(2))
                .body("data[1].response_status_code", equalTo(200))
                .body("data[1].response_body", equalTo("ok"))
                .body("first_id", equalTo(both.path("data[0].id")))
                .body("last_id", equalTo(both.path("data[1].id")));
        long first = ((Number) both.path("data[0].attempted_at")).longValue();
        long second = ((Number) both.path("data[1].attempted_at")).longValue();
        assertTrue(first <= second && Math.abs(first - Instant.now().getEpochSecond()) < 60, first + ", " + second);

        // pages, as every list: limit and after
        asOwner().queryParam("limit", 1).get(attempts).then().statusCode(200).body("data", hasSize(1))
                .body("data[0].attempt", equalTo(1)).body("has_more", equalTo(true));
        asOwner().queryParam("limit", 1).queryParam("after", both.<String>path("data[0].id")).get(attempts).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].attempt", equalTo(2)).body("has_more", equalTo(false));

        // client mistakes
        assertError(asOwner().queryParam("limit", 0).get(attempts), 400, "invalid_value", "limit");
        assertError(asOwner().queryParam("after", "nope").get(attempts), 400, "invalid_value", "after");
        assertError(asOwner().queryParam("after", "whatt_00000000000000000000000000").get(attempts), 400, "invalid_value", "after");
        assertError(asOwner().get(deliveries + "/audit_00000000000000000000000000/attempts"), 404, "not_found", null);
        assertError(asOwner().get(deliveries + "/nope/attempts"), 404, "not_found", null);
        assertError(asOwner().get(WEBHOOKS + "/whk_00000000000000000000000000/deliveries/" + delivery + "/attempts"), 404, "not_found", null);

        // read as the delivery log is: an admin reader may, a project's key may not, another organization sees nothing
        as(createAdminKey("r", "reader")).get(attempts).then().statusCode(200).body("data", hasSize(2));
        assertError(as(serviceAccountKey(project, "owner")).get(attempts), 403, "insufficient_permissions", null);
        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS).then().extract().path("admin_key.value");
        assertError(as(stranger).get(attempts), 404, "not_found", null);
    }

    @Test
    void aProjectWebhooksAttemptsAreReadThroughItsProject() throws Exception {
        receiver.answer(Answer.status(503));
        String project = createProject("scoped");
        String other = createProject("other");
        String base = PROJECTS + "/" + project + "/webhooks";
        String webhook = webhook(base);
        String delivery = asOwner().post(base + "/" + webhook + "/test").then().statusCode(200).extract().path("id");
        String deliveries = base + "/" + webhook + "/deliveries";
        awaitSucceeded(deliveries);
        String attempts = deliveries + "/" + delivery + "/attempts";
        asOwner().get(attempts).then().statusCode(200).body("data", hasSize(2))
                .body("data[0].response_status_code", equalTo(503)).body("data[1].response_status_code", equalTo(204))
                .body("data[1].response_body", nullValue());
        as(serviceAccountKey(project, "owner")).get(attempts).then().statusCode(200).body("data", hasSize(2));
        assertError(asOwner().get(WEBHOOKS + "/" + webhook + "/deliveries/" + delivery + "/attempts"), 404, "not_found", null);
        assertError(asOwner().get(PROJECTS + "/" + other + "/webhooks/" + webhook + "/deliveries/" + delivery + "/attempts"),
                404, "not_found", null);
    }

    @Test
    void attemptsBeyondTheBoundPerDeliveryGoOldestFirst() throws Exception {
        receiver.answer(Answer.status(500), Answer.status(502), Answer.status(500)); // then 204
        String webhook = webhook(WEBHOOKS);
        createProject("persistent");
        String deliveries = WEBHOOKS + "/" + webhook + "/deliveries";
        Response log = awaitSucceeded(deliveries);
        log.then().body("data[0].attempt", equalTo(4));
        asOwner().get(deliveries + "/" + log.path("data[0].id") + "/attempts").then().statusCode(200)
                .body("data", hasSize(3))
                .body("data.attempt", equalTo(List.of(2, 3, 4)))
                .body("data.response_status_code", equalTo(List.of(502, 500, 204)));
    }

    @Test
    void attemptsPastTheRetentionArePurgedAndTheDeliveryKeepsItsLast() throws Exception {
        receiver.answer(Answer.status(500));
        String webhook = webhook(WEBHOOKS);
        createProject("purged");
        String deliveries = WEBHOOKS + "/" + webhook + "/deliveries";
        String delivery = awaitSucceeded(deliveries).path("data[0].id");
        String attempts = deliveries + "/" + delivery + "/attempts";
        asOwner().get(attempts).then().body("data", hasSize(2));

        dispatcher.purgeAttemptsBefore(Instant.now().minus(Duration.ofHours(1))).await().atMost(WAIT);
        asOwner().get(attempts).then().body("data", hasSize(2)); // recent attempts stay
        long purged = dispatcher.purgeAttemptsBefore(Instant.now().plusSeconds(1)).await().atMost(WAIT);
        assertTrue(purged >= 2, "purged " + purged);
        asOwner().get(attempts).then().statusCode(200).body("data", hasSize(0));
        asOwner().get(deliveries).then().body("data[0].id", equalTo(delivery)).body("data[0].attempt", equalTo(2))
                .body("data[0].response_status_code", equalTo(204));
    }
}
