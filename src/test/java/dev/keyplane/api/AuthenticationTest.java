package dev.keyplane.api;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.secrets.TestKeys;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every way a key can fail gets the same 401 and envelope; roles and tenants are enforced. */
@QuarkusTest
class AuthenticationTest extends ApiTest {

    @Test
    void missingMalformedUnknownAndWrongKeysAllGetTheSame401() {
        List<Response> failures = List.of(
                RestAssured.given().get(PROJECTS),                                            // no header
                RestAssured.given().header("Authorization", "Bearer").get(PROJECTS),           // empty bearer
                RestAssured.given().header("Authorization", "Basic dXNlcjpwYXNz").get(PROJECTS), // other scheme
                as("garbage").get(PROJECTS),
                as(TestKeys.withBadChecksum(ownerKey)).get(PROJECTS),
                as(KeyFormat.generate(KeyKind.ADMIN).raw()).get(PROJECTS),                    // unknown lookup id
                as(TestKeys.withOtherSecret(ownerKey)).get(PROJECTS),                         // wrong secret
                RestAssured.given().header("X-API-Key", TestKeys.withOtherSecret(ownerKey)).get(PROJECTS),
                as(ownerKey.replace("sk-admin-", "sk-proj-")).get(PROJECTS),                  // wrong kind prefix
                as("x".repeat(5000)).get(PROJECTS));
        String first = null;
        for (Response r : failures) {
            assertError(r, 401, "invalid_api_key", null);
            if (first == null) {
                first = r.asString();
            }
            assertEquals(first, r.asString(), "every failure looks the same");
        }
    }

    @Test
    void bearerAndXApiKeyBothAuthenticate() {
        as(ownerKey).get(PROJECTS).then().statusCode(200);
        RestAssured.given().header("X-API-Key", ownerKey).get(PROJECTS).then().statusCode(200);
        RestAssured.given().header("Authorization", "bearer " + ownerKey).get(PROJECTS).then().statusCode(200);
    }

    @Test
    void wrongSecretIsRefusedEvenWhileTheRealKeyIsCached() {
        as(ownerKey).get(PROJECTS).then().statusCode(200); // now cached
        assertError(as(TestKeys.withOtherSecret(ownerKey)).get(PROJECTS), 401, "invalid_api_key", null);
        as(ownerKey).get(PROJECTS).then().statusCode(200);
    }

    @Test
    void revokedKeyFailsOnTheVeryNextRequest() {
        Response created = asOwner().body(Map.of("name", "short-lived")).post(ADMIN_KEYS);
        String key = created.path("value");
        String id = created.path("id");
        as(key).get(PROJECTS).then().statusCode(200);
        as(key).get(PROJECTS).then().statusCode(200); // served from the cache
        asOwner().delete(ADMIN_KEYS + "/" + id).then().statusCode(200);
        assertError(as(key).get(PROJECTS), 401, "invalid_api_key", null);
    }

    @Test
    void expiredKeyFails() throws InterruptedException {
        String key = asOwner().body(Map.of("name", "one second", "expires_in_seconds", 1)).post(ADMIN_KEYS)
                .then().statusCode(200).extract().path("value");
        as(key).get(PROJECTS).then().statusCode(200); // cached with its expiry
        Thread.sleep(1_100);
        assertError(as(key).get(PROJECTS), 401, "invalid_api_key", null);
    }

    @Test
    void anotherOrganizationsObjectsAreNotFound() {
        String projectId = createProject("mine");
        String keyId = asOwner().get(ADMIN_KEYS).then().statusCode(200).extract().path("data[0].id");
        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS)
                .then().statusCode(200).extract().path("admin_key.value");

        assertError(as(stranger).get(PROJECTS + "/" + projectId), 404, "not_found", null);
        assertError(as(stranger).body(Map.of("name", "x")).post(PROJECTS + "/" + projectId), 404, "not_found", null);
        assertError(as(stranger).post(PROJECTS + "/" + projectId + "/archive"), 404, "not_found", null);
        assertError(as(stranger).delete(PROJECTS + "/" + projectId), 404, "not_found", null);
        assertError(as(stranger).get(ADMIN_KEYS + "/" + keyId), 404, "not_found", null);
        assertError(as(stranger).delete(ADMIN_KEYS + "/" + keyId), 404, "not_found", null);
        as(stranger).get(PROJECTS).then().statusCode(200).body("data.size()", equalTo(0));
        // a cursor from another organization is not a cursor here
        assertError(as(stranger).queryParam("after", projectId).get(PROJECTS), 400, "invalid_value", "after");
        asOwner().get(PROJECTS + "/" + projectId).then().statusCode(200);
    }

    @Test
    void readerKeysMayOnlyRead() {
        String reader = createAdminKey("read only", "reader");
        as(reader).get(PROJECTS).then().statusCode(200);
        as(reader).get(ADMIN_KEYS).then().statusCode(200);
        assertError(as(reader).body(Map.of("name", "x")).post(PROJECTS), 403, "insufficient_permissions", null);
        assertError(as(reader).body(Map.of("name", "x")).post(ADMIN_KEYS), 403, "insufficient_permissions", null);
        String ownerKeyId = asOwner().get(ADMIN_KEYS).then().extract().path("data[0].id");
        assertError(as(reader).delete(ADMIN_KEYS + "/" + ownerKeyId), 403, "insufficient_permissions", null);
    }

    @Test
    void organizationKeysCannotUseTheOperatorApiAndTheSystemKeyCannotUseOrganizations() {
        assertError(asOwner().get(ORGANIZATIONS), 403, "insufficient_permissions", null);
        assertError(asOwner().body(Map.of("name", "x")).post(ORGANIZATIONS), 403, "insufficient_permissions", null);
        assertError(asSystem().get(PROJECTS), 403, "insufficient_permissions", null);
    }

    @Test
    void bootstrapAdminKeyFromTheEnvironmentWorks() {
        as(bootstrapKey()).get(PROJECTS).then().statusCode(200);
        as(bootstrapKey()).get(ADMIN_KEYS).then().statusCode(200)
                .body("data[0].owner.role", equalTo("owner"))
                .body("data[0].redacted_value", equalTo("sk-admin..." + bootstrapKey().substring(bootstrapKey().length() - 4)));
    }

    @Test
    void lastUsedAtIsWrittenBehind() throws InterruptedException {
        Response created = asOwner().body(Map.of("name", "tracked")).post(ADMIN_KEYS);
        String key = created.path("value");
        String id = created.path("id");
        asOwner().get(ADMIN_KEYS + "/" + id).then().body("last_used_at", org.hamcrest.Matchers.nullValue());
        as(key).get(PROJECTS).then().statusCode(200);
        long deadline = System.currentTimeMillis() + 5_000;
        Object lastUsed = null;
        while (lastUsed == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            lastUsed = asOwner().get(ADMIN_KEYS + "/" + id).path("last_used_at");
        }
        org.junit.jupiter.api.Assertions.assertNotNull(lastUsed, "last_used_at flushed within the interval");
    }
}
