package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key rotation: both keys work during the grace period, the old one expires after it, and the roll is linked and audited. */
@QuarkusTest
class KeyRotationTest extends ApiTest {

    private static final String VERIFY = "/v1/keys/verify";

    private Response verify(String key) {
        return asOwner().body(Map.of("key", key)).post(VERIFY);
    }

    @Test
    void aRolledServiceAccountKeyOverlapsWithItsSuccessor() {
        String project = createProject("rolling");
        String keys = PROJECTS + "/" + project + "/api_keys";
        Response account = asOwner().body(Map.of("name", "bot")).post(PROJECTS + "/" + project + "/service_accounts");
        String oldId = account.path("api_key.id");
        String oldKey = account.path("api_key.value");
        asOwner().body(Map.of("model", "*", "max_requests_per_1_minute", 7, "max_tokens_per_1_minute", 7))
                .post(keys + "/" + oldId + "/rate_limits").then().statusCode(200);

        long before = Instant.now().getEpochSecond();
        Response rolled = asOwner().body(Map.of("grace_period_seconds", 600)).post(keys + "/" + oldId + "/roll");
        rolled.then().statusCode(200)
                .body("object", equalTo("organization.project.api_key"))
                .body("id", not(equalTo(oldId)))
                .body("value", startsWith("sk-svcacct-"))
                .body("name", equalTo(account.<String>path("api_key.name")))
                .body("owner.type", equalTo("service_account"))
                .body("owner.service_account.id", equalTo(account.path("id")))
                .body("rolled_from", equalTo(oldId))
                .body("rolled_to", nullValue())
                .body("expires_at", nullValue());
        String newId = rolled.path("id");
        String newKey = rolled.path("value");

        Response old = asOwner().get(keys + "/" + oldId);
        old.then().statusCode(200).body("rolled_to", equalTo(newId));
        long oldExpiry = ((Number) old.path("expires_at")).longValue();
        assertTrue(oldExpiry >= before + 600 && oldExpiry <= Instant.now().getEpochSecond() + 600, "grace period's end: " + oldExpiry);

        // both work; verify reports the old one VALID with its expiry, so a gateway can warn
        verify(oldKey).then().body("code", equalTo("VALID")).body("expires_at", equalTo((int) oldExpiry));
        verify(newKey).then().body("code", equalTo("VALID")).body("key_id", equalTo(newId)).body("expires_at", nullValue());
        as(oldKey).get(PROJECTS + "/" + project).then().statusCode(200);
        as(newKey).get(PROJECTS + "/" + project).then().statusCode(200);
        // the overrides came along
        asOwner().get(keys + "/" + newId + "/rate_limits").then().statusCode(200).body("data", hasSize(1))
                .body("data[0].max_requests_per_1_minute", equalTo(7));

        // audited: the successor's creation and the roll
        asOwner().queryParam("event_types[]", "api_key.rolled").queryParam("include_extension_events", true).get(AuditLogTest.AUDIT).then()
                .body("data[0].'api_key.rolled'.id", equalTo(oldId))
                .body("data[0].'api_key.rolled'.data.rolled_to", equalTo(newId))
                .body("data[0].'api_key.rolled'.data.grace_period_seconds", equalTo(600))
                .body("data[0].project.id", equalTo(project));
        asOwner().queryParam("event_types[]", "api_key.created").get(AuditLogTest.AUDIT).then()
                .body("data[0].'api_key.created'.id", equalTo(newId))
                .body("data[0].'api_key.created'.data.rolled_from", equalTo(oldId));

        assertError(asOwner().body(Map.of()).post(keys + "/" + oldId + "/roll"), 409, "already_rolled", null);
        asOwner().body(Map.of()).post(keys + "/" + newId + "/roll").then().statusCode(200); // the successor rolls on
    }

    @Test
    void theOldKeyExpiresWhenTheGracePeriodEnds() throws Exception {
        String project = createProject("short grace");
        String keys = PROJECTS + "/" + project + "/api_keys";
        Response account = asOwner().body(Map.of("name", "bot")).post(PROJECTS + "/" + project + "/service_accounts");
        String oldKey = account.path("api_key.value");
        verify(oldKey).then().body("code", equalTo("VALID")); // cached
        String newKey = asOwner().body(Map.of("grace_period_seconds", 1)).post(keys + "/" + account.path("api_key.id") + "/roll")
                .then().statusCode(200).extract().path("value");
        verify(oldKey).then().body("code", equalTo("VALID"));
        Thread.sleep(1_500);
        verify(oldKey).then().body("code", equalTo("EXPIRED"));
        assertError(as(oldKey).get(PROJECTS + "/" + project), 401, "invalid_api_key", null);
        verify(newKey).then().body("code", equalTo("VALID"));

        // no grace: the old key stops at once
        Response other = asOwner().body(Map.of("name", "bot2")).post(PROJECTS + "/" + project + "/service_accounts");
        verify(other.<String>path("api_key.value")).then().body("code", equalTo("VALID"));
        asOwner().body(Map.of("grace_period_seconds", 0)).post(keys + "/" + other.path("api_key.id") + "/roll").then().statusCode(200);
        verify(other.<String>path("api_key.value")).then().body("code", equalTo("EXPIRED"));
        assertError(asOwner().body(Map.of()).post(keys + "/" + other.path("api_key.id") + "/roll"), 409, "already_rolled", null);
    }

    @Test
    void aRolledKeyNeverOutlivesTheOldKeysExpiry() {
        String project = createProject("expiring");
        String member = addUser("m@example.com", "reader");
        addToProject(project, member, "member");
        long expiresAt = Instant.now().getEpochSecond() + 3600;
        Response minted = asOwner().body(Map.of("user_id", member, "expires_at", expiresAt)).post(PROJECTS + "/" + project + "/api_keys");
        String keys = PROJECTS + "/" + project + "/api_keys";
        asOwner().body(Map.of("grace_period_seconds", 604800)).post(keys + "/" + minted.path("id") + "/roll").then().statusCode(200)
                .body("expires_at", equalTo((int) expiresAt))
                .body("owner.user.id", equalTo(member));
        asOwner().get(keys + "/" + minted.path("id")).then().body("expires_at", equalTo((int) expiresAt));
    }

    @Test
    void adminKeysAndTheSeedDialectRollToo() {
        Response admin = asOwner().body(Map.of("name", "ci", "role", "reader")).post(ADMIN_KEYS);
        Response rolled = asOwner().body(Map.of("grace_period_seconds", 60)).post(ADMIN_KEYS + "/" + admin.path("id") + "/roll");
        rolled.then().statusCode(200).body("object", equalTo("organization.admin_api_key")).body("rolled_from", equalTo(admin.path("id")))
                .body("role", equalTo("reader")).body("name", equalTo("ci")).body("value", startsWith("sk-admin-"));
        as(rolled.<String>path("value")).get(PROJECTS).then().statusCode(200);
        as(admin.<String>path("value")).get(PROJECTS).then().statusCode(200);
        asOwner().get(ADMIN_KEYS + "/" + admin.path("id")).then().body("rolled_to", equalTo(rolled.path("id")));

        Response ingest = asOwner().body(Map.of("name", "seed")).post("/projects");
        String keyId = ingest.path("key.id");
        Response seedRoll = asOwner().body(Map.of("gracePeriodSeconds", 30)).post("/api-keys/" + keyId + "/roll");
        seedRoll.then().statusCode(200).body("key.rolledFrom", equalTo(keyId)).body("key.projectId", equalTo(ingest.path("project.id")));
        as(seedRoll.<String>path("apiKey")).get("/projects/" + ingest.path("project.id")).then().statusCode(200);
        assertSeedError(asOwner().body(Map.of("gracePeriodSeconds", 604801)).post("/api-keys/" + seedRoll.path("key.id") + "/roll"),
                400, "invalid_value", "gracePeriodSeconds");
    }

    @Test
    void badRollsAndTheQuota() {
        String project = createProject("q");
        String keys = PROJECTS + "/" + project + "/api_keys";
        Response account = asOwner().body(Map.of("name", "bot")).post(PROJECTS + "/" + project + "/service_accounts");
        String id = account.path("api_key.id");
        assertError(asOwner().body(Map.of("grace_period_seconds", 604801)).post(keys + "/" + id + "/roll"), 400, "invalid_value", "grace_period_seconds");
        assertError(asOwner().body(Map.of("grace_period_seconds", -1)).post(keys + "/" + id + "/roll"), 400, "invalid_value", "grace_period_seconds");
        assertError(asOwner().body(Map.of("grace_period_seconds", "soon")).post(keys + "/" + id + "/roll"), 400, "invalid_value", "grace_period_seconds");
        assertError(asOwner().body(Map.of()).post(keys + "/key_00000000000000000000000000/roll"), 404, "not_found", null);
        assertError(as(createAdminKey("r", "reader")).body(Map.of()).post(keys + "/" + id + "/roll"), 403, "insufficient_permissions", null);

        // a roll passes the old key's slot on: at a quota of one key, it still works, and revoking frees the slot
        asSystem().body(Map.of("keys_per_project", 1)).post(ORGANIZATIONS + "/" + organizationId + "/quotas").then().statusCode(200);
        String successor = asOwner().body(Map.of()).post(keys + "/" + id + "/roll").then().statusCode(200).extract().path("id");
        asOwner().get("/v1/organization/quotas").then().body("data.find { it.name == 'keys_per_project' }.usage", equalTo(1));
        assertEquals(successor, asOwner().get(keys + "/" + id).path("rolled_to"));
    }
}
