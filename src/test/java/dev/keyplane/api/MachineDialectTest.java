package dev.keyplane.api;

import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Seed 000, {@code /machine/projects}: each sentence of the seed that states behaviour. */
@QuarkusTest
class MachineDialectTest extends ApiTest {

    static final String MACHINE = "/machine/projects";

    @Inject
    Pool pool;

    private Response create(String key, Map<String, ?> body) {
        return as(key).body(body).post(MACHINE);
    }

    @Test
    void createReturnsTheProjectAndAnOwnerKeyForIt() {
        Response created = create(ownerKey, Map.of("name", "backend-api", "description", "Backend service environment tracking"));
        created.then().statusCode(201)
                .body("size()", equalTo(5))
                .body("projectId", startsWith("proj_"))
                .body("apiKeyId", startsWith("key_"))
                .body("apiKey", startsWith("mk_"))
                .body("name", equalTo("backend-api"))
                .body("message", equalTo("Store this API key securely \u2014 it will not be shown again."));
        String projectId = created.path("projectId");
        String key = created.path("apiKey");

        // "Use it (not your existing key) to access the new project": the key is an owner key of that project only
        as(key).get(MACHINE + "/" + projectId).then().statusCode(200)
                .body("id", equalTo(projectId)).body("role", equalTo("owner"))
                .body("description", equalTo("Backend service environment tracking"));
        // the caller's key owner became the project's owner
        asOwner().get(PROJECTS + "/" + projectId + "/users").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(ownerUserId())).body("data[0].role", equalTo("owner"));
        // the key is a project key like any other: listed (redacted with its own prefix), usable in the primary dialect
        asOwner().get(PROJECTS + "/" + projectId + "/api_keys").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(created.path("apiKeyId")))
                .body("data[0].redacted_value", equalTo("mk..." + key.substring(key.length() - 4)));
        as(key).get(PROJECTS + "/" + projectId).then().statusCode(200).body("id", equalTo(projectId));
        // without an Authorization header too
        RestAssured.given().header("X-API-Key", key).get(MACHINE + "/" + projectId).then().statusCode(200);
    }

    @Test
    void listShowsTheProjectsTheKeyCanAccessWithItsRole() {
        String first = create(ownerKey, Map.of("name", "one")).then().statusCode(201).extract().path("projectId");
        Response second = create(ownerKey, Map.of("name", "two"));
        String secondId = second.path("projectId");
        String secondKey = second.path("apiKey");
        String archived = createProject("archived");
        asOwner().post(PROJECTS + "/" + archived + "/archive").then().statusCode(200);

        as(ownerKey).get(MACHINE).then().statusCode(200)
                .body("size()", equalTo(1))
                .body("projects", hasSize(2))
                .body("projects.id", equalTo(List.of(first, secondId)))
                .body("projects[0].name", equalTo("one"))
                .body("projects[0].description", nullValue())
                .body("projects[0].role", equalTo("owner"))
                .body("projects[0].createdAt", matchesPattern(ISO_MILLIS))
                .body("projects[0].updatedAt", matchesPattern(ISO_MILLIS))
                .body("projects[0].size()", equalTo(6));
        // a project key sees its own project only
        as(secondKey).get(MACHINE).then().statusCode(200)
                .body("projects", hasSize(1)).body("projects[0].id", equalTo(secondId)).body("projects[0].role", equalTo("owner"));
        // a reader's organization key sees them all, as a reader
        as(createAdminKey("reader", "reader")).get(MACHINE).then().statusCode(200)
                .body("projects.role", equalTo(List.of("reader", "reader")));
    }

    @Test
    void detailsCountLiveSnapshotsFilesAndMembers() {
        Response created = create(ownerKey, Map.of("name", "counted"));
        String id = created.path("projectId");
        String resources = PROJECTS + "/" + id + "/resources";
        for (int i = 0; i < 3; i++) {
            asOwner().body(Map.of("kind", "snapshot", "name", "snap-" + i)).post(resources).then().statusCode(200);
        }
        String archivedFile = asOwner().body(Map.of("kind", "file", "name", "old.txt")).post(resources).then().extract().path("id");
        asOwner().body(Map.of("kind", "file", "name", "new.txt")).post(resources).then().statusCode(200);
        asOwner().body(Map.of("kind", "vault", "name", "not counted here")).post(resources).then().statusCode(200);
        asOwner().post(resources + "/" + archivedFile + "/archive").then().statusCode(200);
        String ada = addUser("ada@example.com", "reader");
        addToProject(id, ada, "member");

        Response details = as(created.path("apiKey")).get(MACHINE + "/" + id);
        details.then().statusCode(200)
                .body("size()", equalTo(7))
                .body("id", equalTo(id)).body("name", equalTo("counted")).body("description", nullValue())
                .body("role", equalTo("owner"))
                .body("counts.snapshots", equalTo(3))
                .body("counts.files", equalTo(1))
                .body("counts.members", equalTo(2))
                .body("counts.size()", equalTo(3))
                .body("createdAt", matchesPattern(ISO_MILLIS)).body("updatedAt", matchesPattern(ISO_MILLIS));
    }

    @Test
    void forbiddenForAProjectTheKeyIsNotAMemberOfNotFoundForAMissingOne() {
        String mine = create(ownerKey, Map.of("name", "mine")).path("apiKey");
        String other = create(ownerKey, Map.of("name", "other")).path("projectId");
        assertSeedError(as(mine).get(MACHINE + "/" + other), 403, "not_a_member", other);
        assertSeedError(as(mine).body(Map.of("name", "x")).patch(MACHINE + "/" + other), 403, "not_a_member", null);
        assertSeedError(as(mine).delete(MACHINE + "/" + other), 403, "not_a_member", null);
        assertSeedError(as(ownerKey).get(MACHINE + "/" + Ids.newId(IdPrefix.PROJECT)), 404, "not_found", null);
        assertSeedError(as(ownerKey).get(MACHINE + "/not-an-id"), 404, "not_found", null);
        // another organization's project is a 404, never a 403
        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS).then().extract().path("admin_key.value");
        assertSeedError(as(stranger).get(MACHINE + "/" + other), 404, "not_found", null);
        assertSeedError(as(stranger).delete(MACHINE + "/" + other), 404, "not_found", null);
        assertSeedError(as(stranger).body(Map.of("name", "x")).patch(MACHINE + "/" + other), 404, "not_found", null);
        as(stranger).get(MACHINE).then().statusCode(200).body("projects", hasSize(0));
    }

    @Test
    void updateNeedsOwnerOrAdminAndAtLeastOneField() {
        Response created = create(ownerKey, Map.of("name", "before", "description", "d0"));
        String id = created.path("projectId");
        String ownerProjectKey = created.path("apiKey");
        as(ownerProjectKey).body(Map.of("name", "renamed-project", "description", "Updated description")).patch(MACHINE + "/" + id)
                .then().statusCode(200).body("size()", equalTo(1)).body("success", equalTo(true));
        as(ownerProjectKey).get(MACHINE + "/" + id).then().body("name", equalTo("renamed-project"))
                .body("description", equalTo("Updated description"));
        as(ownerProjectKey).body(Map.of("description", "only this")).patch(MACHINE + "/" + id).then().statusCode(200);
        as(ownerProjectKey).get(MACHINE + "/" + id).then().body("name", equalTo("renamed-project")).body("description", equalTo("only this"));

        String admin = addUser("admin@example.com", "reader");
        addToProject(id, admin, "admin");
        as(projectKey(id, admin)).body(Map.of("name", "by admin")).patch(MACHINE + "/" + id).then().statusCode(200);
        String member = addUser("member@example.com", "reader");
        addToProject(id, member, "member");
        assertSeedError(as(projectKey(id, member)).body(Map.of("name", "by member")).patch(MACHINE + "/" + id),
                403, "insufficient_permissions", null);

        assertSeedError(as(ownerProjectKey).body(Map.of()).patch(MACHINE + "/" + id), 400, "invalid_value", "at least one");
        assertSeedError(as(ownerProjectKey).body("{\"name\": null, \"description\": null}").patch(MACHINE + "/" + id),
                400, "invalid_value", null);
    }

    @Test
    void deleteIsOwnerOnlyRemovesEverythingAndItsKeysStopAtOnce() {
        Response created = create(ownerKey, Map.of("name", "doomed"));
        String id = created.path("projectId");
        String ownerProjectKey = created.path("apiKey");
        String admin = addUser("admin@example.com", "reader");
        addToProject(id, admin, "admin");
        String adminKey = projectKey(id, admin);
        asOwner().body(Map.of("name", "bot")).post(PROJECTS + "/" + id + "/service_accounts").then().statusCode(200);
        asOwner().body(Map.of("kind", "snapshot", "name", "s")).post(PROJECTS + "/" + id + "/resources").then().statusCode(200);
        as(ownerProjectKey).get(MACHINE + "/" + id).then().statusCode(200); // cached now

        assertSeedError(as(adminKey).delete(MACHINE + "/" + id), 403, "insufficient_permissions", null);
        as(ownerProjectKey).delete(MACHINE + "/" + id).then().statusCode(200)
                .body("size()", equalTo(2))
                .body("success", equalTo(true))
                .body("message", equalTo("Project and all associated data deleted"));

        assertSeedError(as(ownerProjectKey).get(MACHINE + "/" + id), 401, "invalid_api_key", null);
        assertSeedError(as(adminKey).get(MACHINE), 401, "invalid_api_key", null);
        assertSeedError(as(ownerKey).get(MACHINE + "/" + id), 404, "not_found", null);
        for (String table : List.of("api_keys", "project_users", "service_accounts", "resources", "projects")) {
            String column = table.equals("projects") ? "id" : "project_id";
            long left = pool.preparedQuery("SELECT count(*) FROM " + table + " WHERE " + column + " = $1")
                    .execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0);
            assertEquals(0L, left, table + " rows of the deleted project");
        }
    }

    @Test
    void badInputIsA400InThisDialectsEnvelope() {
        assertSeedError(create(ownerKey, Map.of()), 400, "invalid_value", "name");
        assertSeedError(create(ownerKey, Map.of("name", "")), 400, "invalid_value", "name");
        assertSeedError(create(ownerKey, Map.of("name", "   ")), 400, "invalid_value", "name");
        assertSeedError(create(ownerKey, Map.of("name", "n".repeat(256))), 400, "invalid_value", "name");
        assertSeedError(create(ownerKey, Map.of("name", "a", "description", "d".repeat(1001))), 400, "invalid_value", "description");
        assertSeedError(create(ownerKey, Map.of("name", 5)), 400, "invalid_value", "name");
        assertSeedError(create(ownerKey, Map.of("name", "a", "description", List.of())), 400, "invalid_value", "description");
        assertSeedError(create(ownerKey, Map.of("name", "a", "owner", "me")), 400, "invalid_value", "owner");
        assertSeedError(create(ownerKey, Map.of("name", "a\u0000b")), 400, "invalid_value", "name");
        assertSeedError(create(ownerKey, Map.of("name", "a", "description", "nul \u0000")), 400, "invalid_value", "description");
        assertSeedError(as(ownerKey).body("{\"name\": ").post(MACHINE), 400, "invalid_value", null);
        assertSeedError(as(ownerKey).post(MACHINE), 400, "invalid_value", null);
        String id = create(ownerKey, Map.of("name", "ok")).path("projectId");
        assertSeedError(as(ownerKey).body(Map.of("name", "n".repeat(256))).patch(MACHINE + "/" + id), 400, "invalid_value", "name");
        assertSeedError(as(ownerKey).body(Map.of("name", "x\u0000")).patch(MACHINE + "/" + id), 400, "invalid_value", "name");
        assertSeedError(as(ownerKey).body(Map.of("name", "")).patch(MACHINE + "/" + id), 400, "invalid_value", "name");
        assertSeedError(as(ownerKey).body(Map.of("name", 12)).patch(MACHINE + "/" + id), 400, "invalid_value", "name");
        assertSeedError(as(ownerKey).body(Map.of("description", false)).patch(MACHINE + "/" + id), 400, "invalid_value", "description");
        assertSeedError(as(ownerKey).body(Map.of("name", "x", "role", "owner")).patch(MACHINE + "/" + id), 400, "invalid_value", "role");
        assertSeedError(as(ownerKey).body("[]").patch(MACHINE + "/" + id), 400, "invalid_value", null);
        assertSeedError(as(ownerKey).urlEncodingEnabled(false).get(MACHINE + "/proj_%00"), 400, "invalid_value", "id");
        assertSeedError(as(ownerKey).contentType(ContentType.TEXT).body("name=x").post(MACHINE), 415, "unsupported_media_type", null);
        assertSeedError(as(ownerKey).put(MACHINE), 405, "method_not_allowed", null);
    }

    @Test
    void creatingAProjectTakesAnOrganizationKeyThatMayWrite() {
        String projectKey = create(ownerKey, Map.of("name", "first")).path("apiKey");
        assertSeedError(create(projectKey, Map.of("name", "second")), 403, "insufficient_permissions", null);
        assertSeedError(create(createAdminKey("reader", "reader"), Map.of("name", "third")), 403, "insufficient_permissions", null);
        as(ownerKey).get(MACHINE).then().body("projects", hasSize(1));
    }

    @Test
    void missingOrBadKeysAre401InThisDialectsEnvelope() {
        assertSeedError(RestAssured.given().get(MACHINE), 401, "invalid_api_key", null);
        assertSeedError(as("mk_nonsense").get(MACHINE), 401, "invalid_api_key", null);
        assertSeedError(RestAssured.given().contentType(ContentType.JSON).body(Map.of("name", "x")).post(MACHINE),
                401, "invalid_api_key", null);
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyMakesOneProject() {
        Map<String, String> body = Map.of("name", "sidecar");
        Response first = as(ownerKey).header("Idempotency-Key", "pod-7").body(body).post(MACHINE);
        first.then().statusCode(201).body("apiKey", startsWith("mk_"));
        Response replay = as(ownerKey).header("Idempotency-Key", "pod-7").body(body).post(MACHINE);
        replay.then().statusCode(201).header("Idempotent-Replayed", equalTo("true")).body("projectId", equalTo(first.path("projectId")))
                .body("apiKey", startsWith("mk...")); // the secret is never stored, so a replay shows it redacted
        as(ownerKey).get(MACHINE).then().body("projects", hasSize(1));
        assertEquals(first.<String>path("apiKeyId"), replay.path("apiKeyId"));
        as(ownerKey).get(MACHINE).then().body("projects.name", containsInAnyOrder("sidecar"));
    }
}
