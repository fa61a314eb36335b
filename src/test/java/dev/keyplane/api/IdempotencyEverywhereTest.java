package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import dev.keyplane.support.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every creating POST of every dialect honours Idempotency-Key: the repeat replays the first answer (marked
 * Idempotent-Replayed) and changes nothing, which the audit log proves (one creation event, not two); the same
 * key with another body is a 422. Concurrent repeats wait for the first and replay it.
 */
@QuarkusTest
class IdempotencyEverywhereTest extends ApiTest {

    private int events(String type) {
        return asOwner().queryParam("event_types[]", type).queryParam("limit", 100).queryParam("include_extension_events", true)
                .get(AuditLogTest.AUDIT)
                .then().statusCode(200).extract().<List<?>>path("data").size();
    }

    /** POSTs twice with one key; returns the first response. */
    private Response twice(String path, Map<String, ?> body, String eventType, int status) {
        int before = events(eventType);
        String key = "idem-" + UUID.randomUUID();
        Response first = asOwner().header("Idempotency-Key", key).body(body).post(path);
        first.then().statusCode(status);
        Response replay = asOwner().header("Idempotency-Key", key).body(body).post(path);
        replay.then().statusCode(status).header("Idempotent-Replayed", "true");
        assertEquals(before + 1, events(eventType), path + ": one " + eventType + " for two requests with one key");
        Response changed = asOwner().header("Idempotency-Key", key).body(Map.of("name", "something else entirely")).post(path);
        if (changed.statusCode() != 400) { // a body the endpoint cannot even read is refused before the key is looked at
            if (path.startsWith("/v1/")) {
                assertError(changed, 422, "idempotency_key_reused", "Idempotency-Key");
            } else {
                assertSeedError(changed, 422, "idempotency_key_reused", null);
            }
        }
        return first;
    }

    @Test
    void everyCreateOfThePrimaryDialectReplays() {
        String project = createProject("p");
        String base = PROJECTS + "/" + project;
        String ada = addUser("ada@example.com", "reader");
        String bob = addUser("bob@example.com", "reader");
        addToProject(project, ada, "member");

        String group = twice(GROUPS, Map.of("name", "ops"), "group.created", 200).path("id");
        twice(GROUPS + "/" + group + "/users", Map.of("user_id", ada), "group.user.added", 200);
        String role = twice(ROLES, Map.of("role_name", "auditor", "permissions", List.of("projects.read")), "role.created", 200).path("id");
        twice(GROUPS + "/" + group + "/roles", Map.of("role_id", role), "role.assignment.created", 200);
        twice(USERS + "/" + ada + "/roles", Map.of("role_id", role), "role.assignment.created", 200);
        twice(USERS, Map.of("email", "carol@example.com", "role", "reader"), "user.added", 200);
        String invite = twice(INVITES, Map.of("email", "dan@example.com", "role", "reader"), "invite.sent", 200).path("id");
        twice(INVITES + "/" + invite + "/accept", Map.of(), "invite.accepted", 200);

        twice(base + "/users", Map.of("user_id", bob, "role", "member"), "user.added", 200);
        String group2 = asOwner().body(Map.of("name", "devs")).post(GROUPS).then().statusCode(200).extract().path("id");
        twice(base + "/groups", Map.of("group_id", group2, "role", "member"), "role.assignment.created", 200); // the reference's name for a group's role on a project
        Response account = twice(base + "/service_accounts", Map.of("name", "bot"), "service_account.created", 200);
        twice(base + "/service_accounts/" + account.path("id") + "/api_keys", Map.of("name", "second"), "api_key.created", 200);
        Response key = twice(base + "/api_keys", Map.of("user_id", ada, "name", "k"), "api_key.created", 200);
        twice(base + "/api_keys/" + key.path("id") + "/rate_limits",
                Map.of("model", "gpt", "max_requests_per_1_minute", 5, "max_tokens_per_1_minute", 5), "rate_limit.created", 200);
        twice(base + "/rate_limits", Map.of("model", "gpt", "max_requests_per_1_minute", 5, "max_tokens_per_1_minute", 5),
                "rate_limit.created", 200);
        twice(base + "/api_keys/" + key.path("id") + "/roll", Map.of("grace_period_seconds", 60), "api_key.rolled", 200);
        String admin = asOwner().body(Map.of("name", "ci")).post(ADMIN_KEYS).then().statusCode(200).extract().path("id");
        twice(ADMIN_KEYS + "/" + admin + "/roll", Map.of("grace_period_seconds", 60), "api_key.rolled", 200);
        twice(ADMIN_KEYS, Map.of("name", "again"), "api_key.created", 200);
        twice(base + "/resources", Map.of("kind", "vault", "name", "v"), "resource.created", 200);
        twice(base + "/webhooks", Map.of("url", "https://93.184.215.14/h"), "webhook.created", 200);
        twice("/v1/organization/webhooks", Map.of("url", "https://93.184.215.14/h"), "webhook.created", 200);
        twice("/v1/organization/certificates", Map.of("certificate", TestCertificates.rsa("idem")), "certificate.created", 200);
        twice(PROJECTS, Map.of("name", "again"), "project.created", 200);
    }

    @Test
    void everyCreateOfTheSeedDialectsReplays() {
        twice("/machine/projects", Map.of("name", "m"), "project.created", 201);
        Response ingest = twice("/projects", Map.of("name", "i"), "project.created", 201);
        String project = ingest.path("project.id");
        Response key = twice("/projects/" + project + "/api-keys", Map.of("name", "ci"), "api_key.created", 201);
        twice("/api-keys/" + key.path("key.id") + "/roll", Map.of("gracePeriodSeconds", 60), "api_key.rolled", 200);
        twice("/api/v1/machine/project", Map.of("name", "r"), "project.created", 201);
    }

    @Test
    void concurrentRepeatsWaitForTheFirstAndReplayIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> asOwner().header("Idempotency-Key", "race-role")
                        .body(Map.of("role_name", "racer", "permissions", List.of("projects.read"))).post(ROLES)));
            }
            String id = null;
            for (Future<Response> r : results) {
                Response response = r.get();
                response.then().statusCode(200);
                if (id == null) {
                    id = response.path("id");
                }
                assertEquals(id, response.path("id"), "every repeat answers the one role");
            }
        } finally {
            pool.shutdownNow();
        }
        asOwner().queryParam("event_types[]", "role.created").get(AuditLogTest.AUDIT).then().body("data", hasSize(1))
                .body("data[0].'role.created'.role_name", equalTo("racer"));
    }
}
