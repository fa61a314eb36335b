package dev.keyplane.api;

import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Seed 002, {@code /projects}, {@code /projects/{projectId}/api-keys}, {@code /api-keys/{id}}. */
@QuarkusTest
class IngestDialectTest extends ApiTest {

    static final String INGEST = "/projects";

    @Test
    void createMintsOneKeyReturnedRawOnce() {
        Response created = asOwner().body(Map.of("name", "events", "environment", "staging")).post(INGEST);
        created.then().statusCode(201)
                .body("size()", equalTo(3))
                .body("project.id", startsWith("proj_"))
                .body("project.name", equalTo("events"))
                .body("project.environment", equalTo("staging"))
                .body("project.status", equalTo("active"))
                .body("project.description", nullValue())
                .body("project.externalId", nullValue())
                .body("project.archivedAt", nullValue())
                .body("project.createdAt", matchesPattern(ISO_MILLIS))
                .body("project.updatedAt", matchesPattern(ISO_MILLIS))
                .body("key.id", startsWith("key_"))
                .body("key.name", equalTo("Default key"))
                .body("key.lastUsedAt", nullValue())
                .body("key.expiresAt", nullValue())
                .body("apiKey", startsWith("sk-proj-"));
        String id = created.path("project.id");
        String raw = created.path("apiKey");
        created.then().body("key.projectId", equalTo(id))
                .body("key.redactedValue", equalTo("sk-proj..." + raw.substring(raw.length() - 4)));

        // environment defaults to production
        asOwner().body(Map.of("name", "default-env")).post(INGEST).then().statusCode(201).body("project.environment", equalTo("production"));

        // the raw key authenticates; lists never show it
        as(raw).get(INGEST + "/" + id).then().statusCode(200).body("id", equalTo(id)).body("environment", equalTo("staging"));
        Response listed = asOwner().get(INGEST + "/" + id + "/api-keys");
        listed.then().statusCode(200).body("size()", equalTo(1)).body("apiKeys", hasSize(1))
                .body("apiKeys[0].id", equalTo(created.path("key.id")))
                .body("apiKeys[0].size()", equalTo(9)); // with rolledFrom and rolledTo
        org.junit.jupiter.api.Assertions.assertFalse(listed.asString().contains(raw), "a list never returns a raw key");
    }

    @Test
    void listGetUpdateDelete() {
        String a = asOwner().body(Map.of("name", "a")).post(INGEST).then().statusCode(201).extract().path("project.id");
        String b = asOwner().body(Map.of("name", "b", "environment", "development")).post(INGEST).then().extract().path("project.id");
        asOwner().get(INGEST).then().statusCode(200).body("size()", equalTo(1)).body("projects.id", equalTo(List.of(a, b)))
                .body("projects[1].environment", equalTo("development"));

        asOwner().body(Map.of("name", "a2", "environment", "staging")).patch(INGEST + "/" + a).then().statusCode(200)
                .body("name", equalTo("a2")).body("environment", equalTo("staging"));
        asOwner().body(Map.of("environment", "production")).patch(INGEST + "/" + a).then().statusCode(200)
                .body("name", equalTo("a2")).body("environment", equalTo("production"));
        assertSeedError(asOwner().body(Map.of()).patch(INGEST + "/" + a), 400, "invalid_value", "at least one");

        // archived projects are listed too, with their status
        asOwner().post(PROJECTS + "/" + b + "/archive").then().statusCode(200);
        asOwner().get(INGEST).then().body("projects.id", equalTo(List.of(a, b))).body("projects[1].status", equalTo("archived"))
                .body("projects[1].archivedAt", matchesPattern(ISO_MILLIS));
        asOwner().post(PROJECTS + "/" + b + "/unarchive").then().statusCode(200);

        asOwner().delete(INGEST + "/" + a).then().statusCode(200).body("id", equalTo(a)).body("deleted", equalTo(true));
        assertSeedError(asOwner().get(INGEST + "/" + a), 404, "not_found", a);
        asOwner().get(INGEST).then().body("projects.id", equalTo(List.of(b)));
    }

    @Test
    void environmentIsOneOfThree() {
        for (String bad : List.of("prod", "PRODUCTION", "")) {
            assertSeedError(asOwner().body(Map.of("name", "x", "environment", bad)).post(INGEST), 400, "invalid_value", "environment");
        }
        String id = asOwner().body(Map.of("name", "x")).post(INGEST).then().extract().path("project.id");
        assertSeedError(asOwner().body(Map.of("environment", "qa")).patch(INGEST + "/" + id), 400, "invalid_value", "environment");
        assertSeedError(asOwner().body(Map.of("environment", 3)).patch(INGEST + "/" + id), 400, "invalid_value", "environment");
    }

    @Test
    void additionalKeysAndRevocation() {
        Response created = asOwner().body(Map.of("name", "keys")).post(INGEST);
        String id = created.path("project.id");
        String first = created.path("apiKey");

        Response ci = asOwner().body(Map.of("name", "CI/CD")).post(INGEST + "/" + id + "/api-keys");
        ci.then().statusCode(201).body("size()", equalTo(2)).body("key.name", equalTo("CI/CD"))
                .body("key.projectId", equalTo(id)).body("apiKey", startsWith("sk-proj-"));
        String second = ci.path("apiKey");
        String secondId = ci.path("key.id");
        // the name is optional, and so is the body
        asOwner().body(Map.of()).post(INGEST + "/" + id + "/api-keys").then().statusCode(201).body("key.name", nullValue());
        as(first).post(INGEST + "/" + id + "/api-keys").then().statusCode(201);
        asOwner().get(INGEST + "/" + id + "/api-keys").then().body("apiKeys", hasSize(4));

        as(second).get(INGEST + "/" + id).then().statusCode(200);
        asOwner().delete("/api-keys/" + ci.path("key.id")).then().statusCode(200)
                .body("size()", equalTo(2)).body("id", equalTo(ci.path("key.id"))).body("revoked", equalTo(true));
        // "Any requests using this key will immediately return 401."
        assertSeedError(as(second).get(INGEST + "/" + id), 401, "invalid_api_key", null);
        assertError(as(second).get(PROJECTS + "/" + id), 401, "invalid_api_key", null);
        asOwner().get(INGEST + "/" + id + "/api-keys").then().body("apiKeys", hasSize(3))
                .body("apiKeys.id", not(org.hamcrest.Matchers.hasItem(secondId)));
        // revoking twice: the key is gone
        assertSeedError(asOwner().delete("/api-keys/" + ci.path("key.id")), 404, "not_found", null);
        // an admin key is not a project key and is not revoked here
        assertSeedError(asOwner().delete("/api-keys/" + Ids.newId(IdPrefix.API_KEY)), 404, "not_found", null);
        asOwner().get(INGEST).then().statusCode(200);
    }

    @Test
    void deletingAProjectRemovesItsKeys() {
        Response created = asOwner().body(Map.of("name", "gone")).post(INGEST);
        String id = created.path("project.id");
        String key = created.path("apiKey");
        as(key).get(INGEST + "/" + id).then().statusCode(200);
        asOwner().delete(INGEST + "/" + id).then().statusCode(200);
        assertSeedError(as(key).get(INGEST + "/" + id), 401, "invalid_api_key", null);
        assertSeedError(asOwner().get(INGEST + "/" + id + "/api-keys"), 404, "not_found", null);
        assertSeedError(asOwner().delete("/api-keys/" + created.path("key.id")), 404, "not_found", null);
    }

    @Test
    void roleAndTenantBoundaries() {
        Response created = asOwner().body(Map.of("name", "mine")).post(INGEST);
        String id = created.path("project.id");
        String other = asOwner().body(Map.of("name", "other")).post(INGEST).then().extract().path("project.id");
        String member = addUser("m@example.com", "reader");
        addToProject(id, member, "member");
        String memberKey = projectKey(id, member);
        assertSeedError(as(memberKey).body(Map.of("name", "x")).patch(INGEST + "/" + id), 403, "insufficient_permissions", null);
        assertSeedError(as(memberKey).delete(INGEST + "/" + id), 403, "insufficient_permissions", null);
        assertSeedError(as(memberKey).post(INGEST + "/" + id + "/api-keys"), 403, "insufficient_permissions", null);
        assertSeedError(as(memberKey).delete("/api-keys/" + created.path("key.id")), 403, "insufficient_permissions", null);
        assertSeedError(as(memberKey).body(Map.of("name", "n")).post(INGEST), 403, "insufficient_permissions", null);
        // a project key sees only its project
        as(memberKey).get(INGEST).then().body("projects.id", equalTo(List.of(id)));
        assertSeedError(as(memberKey).get(INGEST + "/" + other), 404, "not_found", null);
        // a reader's organization key reads only
        String reader = createAdminKey("reader", "reader");
        as(reader).get(INGEST + "/" + id + "/api-keys").then().statusCode(200);
        assertSeedError(as(reader).body(Map.of("name", "n")).post(INGEST), 403, "insufficient_permissions", null);
        // an organization owner owns every project, including one created elsewhere: its key is an owner key there
        String plain = createProject("made in the primary dialect");
        String ownersKey = asOwner().post(INGEST + "/" + plain + "/api-keys").then().statusCode(201).extract().path("apiKey");
        as(ownersKey).body(Map.of("name", "renamed by the owner's project key")).patch(INGEST + "/" + plain).then().statusCode(200);
        as(ownersKey).get(MachineDialectTest.MACHINE + "/" + plain).then().statusCode(200).body("role", equalTo("owner"));

        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS).then().extract().path("admin_key.value");
        assertSeedError(as(stranger).get(INGEST + "/" + id), 404, "not_found", null);
        assertSeedError(as(stranger).body(Map.of("name", "x")).patch(INGEST + "/" + id), 404, "not_found", null);
        assertSeedError(as(stranger).delete(INGEST + "/" + id), 404, "not_found", null);
        assertSeedError(as(stranger).get(INGEST + "/" + id + "/api-keys"), 404, "not_found", null);
        assertSeedError(as(stranger).post(INGEST + "/" + id + "/api-keys"), 404, "not_found", null);
        assertSeedError(as(stranger).delete("/api-keys/" + created.path("key.id")), 404, "not_found", null);
        as(stranger).get(INGEST).then().body("projects", hasSize(0));
    }

    @Test
    void badInputIsA400InThisDialectsEnvelope() {
        assertSeedError(asOwner().body(Map.of()).post(INGEST), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("name", "n".repeat(256))).post(INGEST), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("name", "")).post(INGEST), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("name", true)).post(INGEST), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("name", "a", "apiKey", "mine")).post(INGEST), 400, "invalid_value", "apiKey");
        assertSeedError(asOwner().body(Map.of("name", "\u0000")).post(INGEST), 400, "invalid_value", "name");
        String id = asOwner().body(Map.of("name", "ok")).post(INGEST).then().extract().path("project.id");
        assertSeedError(asOwner().body(Map.of("name", "k".repeat(256))).post(INGEST + "/" + id + "/api-keys"), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("name", "")).post(INGEST + "/" + id + "/api-keys"), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("name", 1)).post(INGEST + "/" + id + "/api-keys"), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("name", "a\u0000")).post(INGEST + "/" + id + "/api-keys"), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("label", "x")).post(INGEST + "/" + id + "/api-keys"), 400, "invalid_value", "label");
        assertSeedError(asOwner().body(Map.of("name", "n".repeat(256))).patch(INGEST + "/" + id), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("name", "")).patch(INGEST + "/" + id), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("name", List.of("x"))).patch(INGEST + "/" + id), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("name", "a\u0000")).patch(INGEST + "/" + id), 400, "invalid_value", "name");
        assertSeedError(asOwner().body(Map.of("id", "proj_x")).patch(INGEST + "/" + id), 400, "invalid_value", "id");
        assertSeedError(asOwner().urlEncodingEnabled(false).delete("/api-keys/key_%00"), 400, "invalid_value", "id");
        assertSeedError(asOwner().urlEncodingEnabled(false).get(INGEST + "/proj_%00/api-keys"), 400, "invalid_value", "projectId");
        assertSeedError(asOwner().urlEncodingEnabled(false).get(INGEST + "/proj_%00"), 400, "invalid_value", "id");
        assertSeedError(RestAssured.given().get(INGEST), 401, "invalid_api_key", null);
        assertSeedError(RestAssured.given().delete("/api-keys/" + Ids.newId(IdPrefix.API_KEY)), 401, "invalid_api_key", null);
    }
}
