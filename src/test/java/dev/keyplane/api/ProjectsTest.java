package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ProjectsTest extends ApiTest {

    @Inject
    Pool pool;

    @Test
    void projectLifecycle() {
        long before = Instant.now().getEpochSecond();
        Response created = asOwner().body(Map.of("name", "Tenant A", "description", "first tenant",
                "external_id", "tenant-a", "environment", "staging")).post(PROJECTS);
        created.then().statusCode(200)
                .body("object", equalTo("organization.project"))
                .body("id", startsWith("proj_"))
                .body("name", equalTo("Tenant A"))
                .body("description", equalTo("first tenant"))
                .body("external_id", equalTo("tenant-a"))
                .body("environment", equalTo("staging"))
                .body("status", equalTo("active"))
                .body("archived_at", nullValue())
                .body("external_key_id", nullValue())
                .body("created_by", startsWith("user_"));
        String id = created.path("id");
        long createdAt = ((Number) created.path("created_at")).longValue();
        assertTrue(createdAt >= before && createdAt <= Instant.now().getEpochSecond() + 1);

        asOwner().get(PROJECTS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("Tenant A")).body("environment", equalTo("staging"));

        asOwner().body(Map.of("name", "Tenant A2", "environment", "production", "external_key_id", "ekey-1"))
                .post(PROJECTS + "/" + id).then().statusCode(200)
                .body("name", equalTo("Tenant A2"))
                .body("environment", equalTo("production"))
                .body("external_key_id", equalTo("ekey-1"))
                .body("description", equalTo("first tenant"))
                .body("external_id", equalTo("tenant-a"));

        asOwner().post(PROJECTS + "/" + id + "/archive").then().statusCode(200)
                .body("status", equalTo("archived"))
                .body("archived_at", org.hamcrest.Matchers.notNullValue());
        // archived projects leave the default listing, stay readable, refuse changes
        asOwner().get(PROJECTS).then().statusCode(200).body("data", hasSize(0));
        asOwner().queryParam("include_archived", true).get(PROJECTS).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(id));
        asOwner().get(PROJECTS + "/" + id).then().statusCode(200).body("status", equalTo("archived"));
        assertError(asOwner().body(Map.of("name", "nope")).post(PROJECTS + "/" + id), 400, "project_archived", null);
        // archiving twice is harmless
        asOwner().post(PROJECTS + "/" + id + "/archive").then().statusCode(200).body("status", equalTo("archived"));

        asOwner().post(PROJECTS + "/" + id + "/unarchive").then().statusCode(200)
                .body("status", equalTo("active")).body("archived_at", nullValue());
        asOwner().get(PROJECTS).then().statusCode(200).body("data", hasSize(1));

        asOwner().delete(PROJECTS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("object", equalTo("organization.project.deleted"))
                .body("deleted", equalTo(true));
        assertError(asOwner().get(PROJECTS + "/" + id), 404, "not_found", null);
        assertError(asOwner().delete(PROJECTS + "/" + id), 404, "not_found", null);
        asOwner().queryParam("include_archived", true).get(PROJECTS).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void paginatesAcrossThreePagesWithAfter() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(createProject("p" + i));
        }
        Response first = asOwner().queryParam("limit", 3).get(PROJECTS);
        first.then().statusCode(200).body("object", equalTo("list")).body("data", hasSize(3))
                .body("has_more", equalTo(true))
                .body("first_id", equalTo(ids.get(0))).body("last_id", equalTo(ids.get(2)));
        assertEquals(ids.subList(0, 3), first.path("data.id"));

        Response second = asOwner().queryParam("limit", 3).queryParam("after", ids.get(2)).get(PROJECTS);
        second.then().statusCode(200).body("has_more", equalTo(true))
                .body("first_id", equalTo(ids.get(3))).body("last_id", equalTo(ids.get(5)));
        assertEquals(ids.subList(3, 6), second.path("data.id"));

        Response third = asOwner().queryParam("limit", 3).queryParam("after", ids.get(5)).get(PROJECTS);
        third.then().statusCode(200).body("has_more", equalTo(false)).body("data", hasSize(1))
                .body("first_id", equalTo(ids.get(6))).body("last_id", equalTo(ids.get(6)));

        // default limit is 20
        asOwner().get(PROJECTS).then().statusCode(200).body("data", hasSize(7)).body("has_more", equalTo(false));
    }

    @Test
    void aCursorMustBeAnObjectOfTheListAsFiltered() {
        // the page query reads from the cursor's own row: a cursor the list would not show is refused, not skipped past
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(createProject("c" + i));
        }
        asOwner().post(PROJECTS + "/" + ids.get(1) + "/archive").then().statusCode(200);

        assertError(asOwner().queryParam("after", ids.get(1)).get(PROJECTS), 400, "invalid_value", "after");
        Response withArchived = asOwner().queryParam("include_archived", true).queryParam("after", ids.get(1)).get(PROJECTS);
        withArchived.then().statusCode(200).body("has_more", equalTo(false));
        assertEquals(ids.subList(2, 4), withArchived.path("data.id"));

        // the last object as cursor: an empty page, not an error
        asOwner().queryParam("after", ids.get(3)).get(PROJECTS).then().statusCode(200)
                .body("data", hasSize(0)).body("has_more", equalTo(false));
        Response active = asOwner().queryParam("after", ids.get(0)).queryParam("limit", 1).get(PROJECTS);
        active.then().statusCode(200).body("has_more", equalTo(true));
        assertEquals(List.of(ids.get(2)), active.path("data.id"));
    }

    @Test
    void externalIdIsUniquePerOrganization() {
        String first = asOwner().body(Map.of("name", "a", "external_id", "ext-1")).post(PROJECTS)
                .then().statusCode(200).extract().path("id");
        Response duplicate = asOwner().body(Map.of("name", "b", "external_id", "ext-1")).post(PROJECTS);
        assertError(duplicate, 409, "external_id_taken", "external_id");
        assertTrue(duplicate.<String>path("error.message").contains(first), "the conflict names the existing project");

        // moving another project onto the same external_id is refused too
        String second = createProject("c");
        assertError(asOwner().body(Map.of("external_id", "ext-1")).post(PROJECTS + "/" + second), 409,
                "external_id_taken", "external_id");

        // another organization may use the same external_id
        String otherOwner = asSystem().body(Map.of("name", "other")).post(ORGANIZATIONS)
                .then().statusCode(200).extract().path("admin_key.value");
        as(otherOwner).body(Map.of("name", "a", "external_id", "ext-1")).post(PROJECTS).then().statusCode(200);
    }

    @Test
    void idempotentCreateReplaysAndRefusesADifferentBody() {
        Map<String, Object> body = Map.of("name", "sidecar", "external_id", "pod-42");
        Response first = asOwner().header("Idempotency-Key", "pod-42-start").body(body).post(PROJECTS);
        first.then().statusCode(200).header("Idempotent-Replayed", nullValue());
        Response replay = asOwner().header("Idempotency-Key", "pod-42-start").body(body).post(PROJECTS);
        replay.then().statusCode(200).header("Idempotent-Replayed", equalTo("true"));
        assertEquals(first.asString(), replay.asString(), "the replay is the first response, byte for byte");
        asOwner().queryParam("limit", 100).get(PROJECTS).then().body("data", hasSize(1));

        assertError(asOwner().header("Idempotency-Key", "pod-42-start").body(Map.of("name", "other")).post(PROJECTS),
                422, "idempotency_key_reused", "Idempotency-Key");
        // a key is scoped to its organization
        String otherOwner = asSystem().body(Map.of("name", "other")).post(ORGANIZATIONS)
                .then().statusCode(200).extract().path("admin_key.value");
        String otherId = as(otherOwner).header("Idempotency-Key", "pod-42-start").body(body).post(PROJECTS)
                .then().statusCode(200).header("Idempotent-Replayed", nullValue()).extract().path("id");
        assertNotEquals(first.<String>path("id"), otherId);
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyCreateOneProject() throws Exception {
        Map<String, Object> body = Map.of("name", "raced");
        List<java.util.concurrent.CompletableFuture<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> asOwner().header("Idempotency-Key", "race-1").body(body).post(PROJECTS)));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var call : calls) {
            Response r = call.get();
            r.then().statusCode(200);
            ids.add(r.path("id"));
        }
        assertEquals(1, ids.size(), "every retry saw the same project");
        asOwner().get(PROJECTS).then().body("data", hasSize(1));
    }

    @Test
    void deleteCascadesToWhatTheProjectOwns() {
        String id = createProject("doomed");
        // a project-scoped key row, as the project key API will create them
        pool.preparedQuery("""
                        INSERT INTO api_keys (id, organization_id, project_id, kind, prefix, owner_type, owner_id, role,
                                              lookup_id, secret_hash, last_four, created_at)
                        VALUES ($1, $2, $3, 'project', 'sk-proj-', 'user', 'user_x', 'member', $4, 'x', 'abcd', now())""")
                .execute(Tuple.of("key_" + id.substring(5), organizationId, id, "lookup" + id.substring(5, 15)))
                .await().indefinitely();
        assertEquals(1L, countKeysOf(id));
        asOwner().delete(PROJECTS + "/" + id).then().statusCode(200).body("deleted", equalTo(true));
        assertEquals(0L, countKeysOf(id));
    }

    @Test
    void onlyOwnersDeleteAndReadersOnlyRead() {
        String id = createProject("guarded");
        String reader = createAdminKey("reader", "reader");
        as(reader).get(PROJECTS + "/" + id).then().statusCode(200);
        as(reader).get(PROJECTS).then().statusCode(200).body("data", hasSize(1));
        assertError(as(reader).body(Map.of("name", "x")).post(PROJECTS), 403, "insufficient_permissions", null);
        assertError(as(reader).body(Map.of("name", "x")).post(PROJECTS + "/" + id), 403, "insufficient_permissions", null);
        assertError(as(reader).post(PROJECTS + "/" + id + "/archive"), 403, "insufficient_permissions", null);
        assertError(as(reader).post(PROJECTS + "/" + id + "/unarchive"), 403, "insufficient_permissions", null);
        assertError(as(reader).delete(PROJECTS + "/" + id), 403, "insufficient_permissions", null);
        asOwner().get(PROJECTS + "/" + id).then().statusCode(200).body("name", equalTo("guarded"));
    }

    private long countKeysOf(String projectId) {
        return pool.preparedQuery("SELECT count(*) FROM api_keys WHERE project_id = $1").execute(Tuple.of(projectId))
                .await().indefinitely().iterator().next().getLong(0);
    }
}
