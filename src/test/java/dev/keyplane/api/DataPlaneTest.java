package dev.keyplane.api;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.secrets.TestKeys;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class DataPlaneTest extends ApiTest {

    private static final String VERIFY = "/v1/keys/verify";
    private static final String CHECK = "/v1/auth/check";

    private Response verify(String verifier, Map<String, Object> body) {
        return as(verifier).body(body).post(VERIFY);
    }

    private Response verify(String key) {
        return verify(ownerKey, Map.of("key", key));
    }

    @Test
    void validKeysAreDescribed() {
        String projectId = createProject("dp");
        String member = addUser("member@example.com", "reader");
        addToProject(projectId, member, "member");
        Response minted = asOwner().body(Map.of("user_id", member, "expires_at", java.time.Instant.now().getEpochSecond() + 3600))
                .post(PROJECTS + "/" + projectId + "/api_keys");
        String key = minted.path("value");
        verify(key).then().statusCode(200)
                .body("valid", equalTo(true))
                .body("code", equalTo("VALID"))
                .body("key_id", equalTo(minted.path("id")))
                .body("organization_id", equalTo(organizationId))
                .body("project_id", equalTo(projectId))
                .body("owner.type", equalTo("user"))
                .body("owner.id", equalTo(member))
                .body("role", equalTo("member"))
                .body("permissions", hasItem("projects.read"))
                .body("expires_at", equalTo(minted.<Integer>path("expires_at")))
                .body("ratelimit", nullValue());
        verify(ownerKey).then().statusCode(200).body("code", equalTo("VALID")).body("project_id", nullValue())
                .body("role", equalTo("owner"));
    }

    @Test
    void everyInvalidKeyHasItsCode() throws InterruptedException {
        for (String garbage : List.of("garbage", TestKeys.withBadChecksum(ownerKey), KeyFormat.generate(KeyKind.PROJECT).raw(),
                TestKeys.withOtherSecret(ownerKey))) {
            verify(garbage).then().statusCode(200).body("valid", equalTo(false)).body("code", equalTo("NOT_FOUND"))
                    .body("key_id", nullValue()).body("organization_id", nullValue());
        }
        Response revoked = asOwner().body(Map.of("name", "gone")).post(ADMIN_KEYS);
        asOwner().delete(ADMIN_KEYS + "/" + revoked.path("id")).then().statusCode(200);
        verify(revoked.<String>path("value")).then().statusCode(200).body("code", equalTo("REVOKED"))
                .body("key_id", equalTo(revoked.path("id")));

        String expiring = asOwner().body(Map.of("name", "brief", "expires_in_seconds", 1)).post(ADMIN_KEYS).then().extract().path("value");
        verify(expiring).then().body("code", equalTo("VALID"));
        Thread.sleep(1_100);
        verify(expiring).then().statusCode(200).body("code", equalTo("EXPIRED"));

        String projectId = createProject("disabled");
        String member = addUser("m@example.com", "reader");
        addToProject(projectId, member, "member");
        String key = projectKey(projectId, member);
        verify(key).then().body("code", equalTo("VALID"));
        asOwner().delete(PROJECTS + "/" + projectId + "/users/" + member).then().statusCode(200);
        verify(key).then().statusCode(200).body("code", equalTo("DISABLED"));
        addToProject(projectId, member, "member");
        verify(key).then().body("code", equalTo("VALID"));
        asOwner().post(PROJECTS + "/" + projectId + "/archive").then().statusCode(200);
        verify(key).then().statusCode(200).body("code", equalTo("DISABLED"));
    }

    @Test
    void permissionsAreChecked() {
        String projectId = createProject("perm");
        String svcKey = serviceAccountKey(projectId, "member");
        verify(ownerKey, Map.of("key", svcKey, "permissions", List.of("projects.read"))).then().body("code", equalTo("VALID"));
        verify(ownerKey, Map.of("key", svcKey, "permissions", List.of("projects.read", "projects.write")))
                .then().statusCode(200).body("valid", equalTo(false)).body("code", equalTo("INSUFFICIENT_PERMISSIONS"))
                .body("key_id", notNullValue());
    }

    @Test
    void theVerifierIsNeverAnOracleAcrossTenants() {
        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS).then().extract().path("admin_key.value");
        verify(stranger, Map.of("key", ownerKey)).then().statusCode(200).body("code", equalTo("NOT_FOUND"))
                .body("key_id", nullValue()).body("organization_id", nullValue()).body("owner", nullValue());
        Response revoked = asOwner().body(Map.of("name", "gone")).post(ADMIN_KEYS);
        asOwner().delete(ADMIN_KEYS + "/" + revoked.path("id")).then().statusCode(200);
        verify(stranger, Map.of("key", revoked.<String>path("value"))).then().body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void onlyKeysWithKeysVerifyMayVerify() {
        String reader = createAdminKey("reader", "reader");
        assertError(verify(reader, Map.of("key", ownerKey)), 403, "insufficient_permissions", null);
        String projectId = createProject("gw");
        assertError(verify(serviceAccountKey(projectId, "owner"), Map.of("key", ownerKey)), 403, "insufficient_permissions", null);

        // a gateway's service-account key with the keys.verify scope verifies keys of its own project only
        String saId = asOwner().body(Map.of("name", "gateway", "create_service_account_only", true))
                .post(PROJECTS + "/" + projectId + "/service_accounts").then().extract().path("id");
        String gateway = asOwner().body(Map.of("name", "gw", "scopes", List.of("keys.verify")))
                .post(PROJECTS + "/" + projectId + "/service_accounts/" + saId + "/api_keys").then().statusCode(200).extract().path("value");
        String sameProject = serviceAccountKey(projectId, "member");
        String otherProject = serviceAccountKey(createProject("other"), "member");
        verify(gateway, Map.of("key", sameProject)).then().statusCode(200).body("code", equalTo("VALID"));
        verify(gateway, Map.of("key", otherProject)).then().statusCode(200).body("code", equalTo("NOT_FOUND"));
        verify(gateway, Map.of("key", ownerKey)).then().statusCode(200).body("code", equalTo("NOT_FOUND"));
        verify(gateway, Map.of("key", gateway)).then().body("permissions", hasItem("keys.verify"));
    }

    @Test
    void badVerifyRequests() {
        assertError(as(ownerKey).body(Map.of()).post(VERIFY), 400, "invalid_value", "key");
        assertError(as(ownerKey).body(Map.of("key", "")).post(VERIFY), 400, "invalid_value", "key");
        assertError(as(ownerKey).body(Map.of("key", "x", "cost", 0)).post(VERIFY), 400, "invalid_value", "cost");
        assertError(as(ownerKey).body(Map.of("key", "x", "cost", "lots")).post(VERIFY), 400, "invalid_value", "cost");
        assertError(as(ownerKey).body(Map.of("key", "x", "permissions", "all")).post(VERIFY), 400, "invalid_value", "permissions");
        assertError(as(ownerKey).body(Map.of("key", "x", "extra", 1)).post(VERIFY), 400, "invalid_value", "extra");
        assertError(as(ownerKey).body(Map.of("key", " ")).post(VERIFY), 400, "invalid_value", "key");
        assertError(as(ownerKey).body(Map.of("key", "k".repeat(513))).post(VERIFY), 400, "invalid_value", "key");
        assertError(as(ownerKey).body(Map.of("key", "x", "resource", "r".repeat(256))).post(VERIFY), 400, "invalid_value", "resource");
        assertError(as(ownerKey).body(Map.of("key", "x", "cost", 1_000_000_001)).post(VERIFY), 400, "invalid_value", "cost");
        assertError(as(ownerKey).body(Map.of("key", "x", "permissions", java.util.Collections.nCopies(51, "p"))).post(VERIFY),
                400, "invalid_value", "permissions");
        assertError(as(ownerKey).body(Map.of("key", "x", "permissions", List.of("p".repeat(129)))).post(VERIFY),
                400, "invalid_value", "permissions");
        assertError(as(ownerKey).contentType("application/json").body("").post(VERIFY), 400, "invalid_value", null);
        // at the limits, the request is well-formed: an unknown key, not a bad request
        verify(ownerKey, Map.of("key", "k".repeat(512), "resource", "r".repeat(255), "cost", 1_000_000_000,
                "permissions", java.util.Collections.nCopies(50, "p".repeat(128)))).then().statusCode(200).body("code", equalTo("NOT_FOUND"));
        assertError(RestAssured.given().contentType("application/json").body(Map.of("key", "x")).post(VERIFY), 401, "invalid_api_key", null);
    }

    @Test
    void rateLimitsAreEnforcedAtTheBoundaryAndRefill() throws InterruptedException {
        String projectId = createProject("limited");
        String limits = PROJECTS + "/" + projectId + "/rate_limits";
        // 10 per minute: one request refills every 6 seconds, far longer than the burst below takes
        Response created = asOwner().body(Map.of("model", "chat", "max_requests_per_1_minute", 10, "max_tokens_per_1_minute", 1_000_000))
                .post(limits);
        created.then().statusCode(200).body("object", equalTo("project.rate_limit")).body("model", equalTo("chat"))
                .body("max_requests_per_1_minute", equalTo(10));
        String key = serviceAccountKey(projectId, "member");
        Map<String, Object> body = Map.of("key", key, "resource", "chat");
        for (int i = 1; i <= 10; i++) {
            verify(ownerKey, body).then().statusCode(200).body("code", equalTo("VALID"))
                    .body("ratelimit.limit", equalTo(10)).body("ratelimit.remaining", equalTo(10 - i));
        }
        verify(ownerKey, body).then().statusCode(200).body("valid", equalTo(false)).body("code", equalTo("RATE_LIMITED"))
                .body("ratelimit.remaining", equalTo(0));
        // other resources and other keys are not affected
        verify(ownerKey, Map.of("key", key, "resource", "embeddings")).then().body("code", equalTo("VALID")).body("ratelimit", nullValue());
        verify(ownerKey, Map.of("key", serviceAccountKey(projectId, "member"), "resource", "chat")).then().body("code", equalTo("VALID"));
        Thread.sleep(6_100); // one request every six seconds refills
        verify(ownerKey, body).then().body("code", equalTo("VALID"));
        verify(ownerKey, body).then().body("code", equalTo("RATE_LIMITED"));

        // tokens: cost counts against max_tokens_per_1_minute; a change applies at once
        asOwner().body(Map.of("max_tokens_per_1_minute", 100, "max_requests_per_1_minute", 1000))
                .post(limits + "/" + created.path("id")).then().statusCode(200).body("max_tokens_per_1_minute", equalTo(100));
        String fresh = serviceAccountKey(projectId, "member");
        verify(ownerKey, Map.of("key", fresh, "resource", "chat", "cost", 60)).then().body("code", equalTo("VALID"));
        verify(ownerKey, Map.of("key", fresh, "resource", "chat", "cost", 50)).then().body("code", equalTo("RATE_LIMITED"));
        verify(ownerKey, Map.of("key", fresh, "resource", "chat", "cost", 40)).then().body("code", equalTo("VALID"));
    }

    @Test
    void rateLimitAdministration() {
        String projectId = createProject("admin");
        String limits = PROJECTS + "/" + projectId + "/rate_limits";
        String id = asOwner().body(Map.of("model", "*", "max_requests_per_1_minute", 10, "max_tokens_per_1_minute", 10,
                "max_requests_per_1_day", 100)).post(limits).then().statusCode(200).extract().path("id");
        assertError(asOwner().body(Map.of("model", "*", "max_requests_per_1_minute", 1, "max_tokens_per_1_minute", 1)).post(limits),
                409, "rate_limit_exists", "model");
        assertError(asOwner().body(Map.of("model", "x", "max_requests_per_1_minute", -1, "max_tokens_per_1_minute", 1)).post(limits),
                400, "invalid_value", "max_requests_per_1_minute");
        assertError(asOwner().body(Map.of("model", "x", "max_tokens_per_1_minute", 1)).post(limits),
                400, "invalid_value", "max_requests_per_1_minute");
        assertError(asOwner().body(Map.of("max_requests_per_1_minute", "ten")).post(limits + "/" + id), 400, "invalid_value", "max_requests_per_1_minute");
        assertError(asOwner().body(Map.of("max_requests_per_1_minute", 5)).post(limits + "/rl_01aaaaaaaaaaaaaaaaaaaaaaaa"), 404, "not_found", null);
        asOwner().get(limits).then().statusCode(200).body("data.size()", equalTo(1)).body("data[0].max_requests_per_1_day", equalTo(100));
        String member = serviceAccountKey(projectId, "member");
        assertError(as(member).body(Map.of("max_requests_per_1_minute", 5)).post(limits + "/" + id), 403, "insufficient_permissions", null);
        as(member).get(limits).then().statusCode(200);
        asOwner().delete(limits + "/" + id).then().statusCode(200).body("object", equalTo("project.rate_limit.deleted"));
        asOwner().get(limits).then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void perKeyOverridesTakePrecedenceOverTheProjectsLimits() {
        String projectId = createProject("tiers");
        asOwner().body(Map.of("model", "chat", "max_requests_per_1_minute", 2, "max_tokens_per_1_minute", 1000))
                .post(PROJECTS + "/" + projectId + "/rate_limits").then().statusCode(200);
        String premium = serviceAccountKey(projectId, "member");
        String standard = serviceAccountKey(projectId, "member");
        String premiumId = verify(ownerKey, Map.of("key", premium)).then().statusCode(200).extract().path("key_id");
        String overrides = PROJECTS + "/" + projectId + "/api_keys/" + premiumId + "/rate_limits";

        Response created = asOwner().body(Map.of("model", "chat", "max_requests_per_1_minute", 5, "max_tokens_per_1_minute", 1000))
                .post(overrides);
        created.then().statusCode(200).body("object", equalTo("project.rate_limit")).body("model", equalTo("chat"))
                .body("max_requests_per_1_minute", equalTo(5));
        for (int i = 1; i <= 5; i++) {
            verify(ownerKey, Map.of("key", premium, "resource", "chat")).then().body("code", equalTo("VALID"))
                    .body("ratelimit.limit", equalTo(5));
        }
        verify(ownerKey, Map.of("key", premium, "resource", "chat")).then().body("code", equalTo("RATE_LIMITED"));
        for (int i = 1; i <= 2; i++) {
            verify(ownerKey, Map.of("key", standard, "resource", "chat")).then().body("code", equalTo("VALID"))
                    .body("ratelimit.limit", equalTo(2));
        }
        verify(ownerKey, Map.of("key", standard, "resource", "chat")).then().body("code", equalTo("RATE_LIMITED"));

        // the key's rows and the project's rows are listed apart
        asOwner().get(overrides).then().statusCode(200).body("object", equalTo("list")).body("data.size()", equalTo(1))
                .body("data[0].id", equalTo(created.path("id")));
        asOwner().get(PROJECTS + "/" + projectId + "/rate_limits").then().statusCode(200).body("data.size()", equalTo(1))
                .body("data[0].max_requests_per_1_minute", equalTo(2));
        assertError(asOwner().body(Map.of("model", "chat", "max_requests_per_1_minute", 1, "max_tokens_per_1_minute", 1)).post(overrides),
                409, "rate_limit_exists", "model");
        asOwner().body(Map.of("max_requests_per_1_minute", 6)).post(overrides + "/" + created.path("id"))
                .then().statusCode(200).body("max_requests_per_1_minute", equalTo(6));

        // unknown, malformed and foreign keys; the project's rate-limit id is not the key's
        String otherProjectKey = serviceAccountKey(createProject("elsewhere"), "member");
        String otherId = verify(ownerKey, Map.of("key", otherProjectKey)).then().extract().path("key_id");
        Map<String, Object> body = Map.of("model", "x", "max_requests_per_1_minute", 1, "max_tokens_per_1_minute", 1);
        assertError(asOwner().body(body).post(PROJECTS + "/" + projectId + "/api_keys/key_01aaaaaaaaaaaaaaaaaaaaaaaa/rate_limits"),
                404, "not_found", null);
        assertError(asOwner().body(body).post(PROJECTS + "/" + projectId + "/api_keys/nope/rate_limits"), 404, "not_found", null);
        assertError(asOwner().body(body).post(PROJECTS + "/" + projectId + "/api_keys/" + otherId + "/rate_limits"), 404, "not_found", null);
        String projectLimitId = asOwner().get(PROJECTS + "/" + projectId + "/rate_limits").then().extract().path("data[0].id");
        assertError(asOwner().delete(overrides + "/" + projectLimitId), 404, "not_found", null);
        assertError(as(standard).body(body).post(overrides), 403, "insufficient_permissions", null);

        // deleting the override puts the key back under the project's limit, at once
        asOwner().delete(overrides + "/" + created.path("id")).then().statusCode(200)
                .body("object", equalTo("project.rate_limit.deleted")).body("deleted", equalTo(true));
        verify(ownerKey, Map.of("key", premium, "resource", "chat")).then().body("code", equalTo("RATE_LIMITED"))
                .body("ratelimit.limit", equalTo(2));
    }

    @Test
    void forwardAuthForGateways() {
        String projectId = createProject("edge");
        String limits = PROJECTS + "/" + projectId + "/rate_limits";
        asOwner().body(Map.of("model", "/v1/chat/completions", "max_requests_per_1_minute", 2, "max_tokens_per_1_minute", 1000))
                .post(limits).then().statusCode(200);
        String key = serviceAccountKey(projectId, "member");

        Response ok = RestAssured.given().header("Authorization", "Bearer " + key)
                .header("X-Forwarded-Uri", "/v1/chat/completions?stream=true").get(CHECK);
        ok.then().statusCode(200)
                .header("X-Keyplane-Organization-Id", organizationId)
                .header("X-Keyplane-Project-Id", projectId)
                .header("X-Keyplane-Key-Id", notNullValue())
                .header("X-Keyplane-Role", "member")
                .header("x-ratelimit-limit-requests", "2")
                .header("x-ratelimit-remaining-requests", "1")
                .body("valid", equalTo(true));
        // nginx passes X-Original-URI; Envoy appends the original path and keeps the method
        RestAssured.given().header("X-API-Key", key).header("X-Original-URI", "/v1/chat/completions").get(CHECK)
                .then().statusCode(200).header("x-ratelimit-remaining-requests", "0");
        // (the Envoy form is a gateway protocol, deliberately not an SDK operation: no contract check)
        Response limited = RestAssured.given().noFilters().header("X-API-Key", key).post(CHECK + "/v1/chat/completions");
        assertError(limited, 429, "rate_limit_exceeded", null);
        limited.then().header("Retry-After", notNullValue()).header("x-ratelimit-remaining-requests", "0");
        // unlimited resource by query parameter
        RestAssured.given().header("X-API-Key", key).queryParam("resource", "/v1/models").get(CHECK).then().statusCode(200);

        Map<String, String> none = new HashMap<>();
        for (Response r : List.of(RestAssured.given().headers(none).get(CHECK),
                RestAssured.given().header("Authorization", "Bearer nope").get(CHECK),
                RestAssured.given().header("X-API-Key", TestKeys.withOtherSecret(key)).get(CHECK))) {
            assertError(r, 401, "invalid_api_key", null);
            r.then().header("WWW-Authenticate", "Bearer");
        }
        assertEquals(200, RestAssured.given().header("X-API-Key", ownerKey).get(CHECK).statusCode());
    }
}
