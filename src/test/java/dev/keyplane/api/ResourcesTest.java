package dev.keyplane.api;

import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registered resources, the primary dialect's extension: {@code /v1/organization/projects/{id}/resources}. */
@QuarkusTest
class ResourcesTest extends ApiTest {

    private String resources(String projectId) {
        return PROJECTS + "/" + projectId + "/resources";
    }

    @Test
    void lifecycle() {
        String project = createProject("with resources");
        Response created = asOwner().body(Map.of("kind", "vault", "name", "Production Secrets", "external_id", "v-1",
                "attributes", Map.of("is_encrypted", true))).post(resources(project));
        created.then().statusCode(200)
                .body("object", equalTo("organization.project.resource"))
                .body("id", startsWith("res_"))
                .body("kind", equalTo("vault"))
                .body("name", equalTo("Production Secrets"))
                .body("external_id", equalTo("v-1"))
                .body("attributes.is_encrypted", equalTo(true))
                .body("attributes.size()", equalTo(1))
                .body("archived_at", nullValue())
                .body("created_by", equalTo(ownerUserId()))
                .body("created_at", notNullValue());
        String id = created.path("id");
        asOwner().get(resources(project) + "/" + id).then().statusCode(200).body("name", equalTo("Production Secrets"));

        asOwner().body(Map.of("name", "Renamed", "attributes", Map.of("is_encrypted", false))).post(resources(project) + "/" + id)
                .then().statusCode(200).body("name", equalTo("Renamed")).body("attributes.is_encrypted", equalTo(false))
                .body("external_id", equalTo("v-1"));

        asOwner().post(resources(project) + "/" + id + "/archive").then().statusCode(200).body("archived_at", notNullValue());
        asOwner().get(resources(project)).then().statusCode(200).body("data", hasSize(0));
        asOwner().queryParam("include_archived", true).get(resources(project)).then().body("data", hasSize(1));
        assertError(asOwner().body(Map.of("name", "x")).post(resources(project) + "/" + id), 409, "resource_archived", null);
        asOwner().post(resources(project) + "/" + id + "/archive").then().statusCode(200); // twice is harmless
        asOwner().post(resources(project) + "/" + id + "/unarchive").then().statusCode(200).body("archived_at", nullValue());

        asOwner().delete(resources(project) + "/" + id).then().statusCode(200)
                .body("object", equalTo("organization.project.resource.deleted")).body("id", equalTo(id)).body("deleted", equalTo(true));
        assertError(asOwner().get(resources(project) + "/" + id), 404, "not_found", null);
        assertError(asOwner().delete(resources(project) + "/" + id), 404, "not_found", null);
    }

    @Test
    void attributesFollowTheKind() {
        String project = createProject("kinds");
        asOwner().body(Map.of("kind", "license", "name", "L", "attributes", Map.of("type", "manual"))).post(resources(project))
                .then().statusCode(200).body("attributes.type", equalTo("manual"));
        asOwner().body(Map.of("kind", "snapshot", "name", "S")).post(resources(project)).then().statusCode(200)
                .body("attributes.size()", equalTo(0));
        assertError(asOwner().body(Map.of("kind", "license", "name", "L")).post(resources(project)), 400, "invalid_value", "attributes.type");
        assertError(asOwner().body(Map.of("kind", "license", "name", "L", "attributes", Map.of("type", "pirated")))
                .post(resources(project)), 400, "invalid_value", "attributes.type");
        assertError(asOwner().body(Map.of("kind", "file", "name", "F", "attributes", Map.of("is_encrypted", true)))
                .post(resources(project)), 400, "invalid_value", "attributes.is_encrypted");
        assertError(asOwner().body(Map.of("kind", "vault", "name", "V", "attributes", Map.of("type", "internal")))
                .post(resources(project)), 400, "invalid_value", "attributes.type");
        assertError(asOwner().body(Map.of("kind", "vault", "name", "V", "attributes", Map.of("is_encrypted", "yes")))
                .post(resources(project)), 400, "invalid_value", "attributes.is_encrypted");
        assertError(asOwner().body(Map.of("kind", "vault", "name", "V", "attributes", Map.of("color", "red")))
                .post(resources(project)), 400, "invalid_value", "attributes.color");
        assertError(asOwner().body(Map.of("kind", "disk", "name", "D")).post(resources(project)), 400, "invalid_value", "kind");
        assertError(asOwner().body(Map.of("name", "no kind")).post(resources(project)), 400, "invalid_value", "kind");
    }

    @Test
    void externalIdIsUniquePerProjectAndKind() {
        String project = createProject("unique");
        String first = asOwner().body(Map.of("kind", "file", "name", "a", "external_id", "x-1")).post(resources(project))
                .then().statusCode(200).extract().path("id");
        Response duplicate = asOwner().body(Map.of("kind", "file", "name", "b", "external_id", "x-1")).post(resources(project));
        assertError(duplicate, 409, "external_id_taken", "external_id");
        assertTrue(duplicate.<String>path("error.message").contains(first));
        // another kind, or another project, may use it
        asOwner().body(Map.of("kind", "snapshot", "name", "c", "external_id", "x-1")).post(resources(project)).then().statusCode(200);
        asOwner().body(Map.of("kind", "file", "name", "d", "external_id", "x-1")).post(resources(createProject("other"))).then().statusCode(200);
        String second = asOwner().body(Map.of("kind", "file", "name", "e")).post(resources(project)).then().extract().path("id");
        assertError(asOwner().body(Map.of("external_id", "x-1")).post(resources(project) + "/" + second), 409, "external_id_taken", "external_id");
    }

    @Test
    void listFiltersByKindAndPaginatesWithAfter() {
        String project = createProject("paged");
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            files.add(asOwner().body(Map.of("kind", "file", "name", "f" + i)).post(resources(project)).then().extract().path("id"));
            asOwner().body(Map.of("kind", "snapshot", "name", "s" + i)).post(resources(project)).then().statusCode(200);
        }
        Response page = asOwner().queryParam("kind", "file").queryParam("limit", 2).get(resources(project));
        page.then().statusCode(200).body("object", equalTo("list")).body("has_more", equalTo(true))
                .body("first_id", equalTo(files.get(0))).body("last_id", equalTo(files.get(1)));
        Response next = asOwner().queryParam("kind", "file").queryParam("limit", 2).queryParam("after", files.get(1)).get(resources(project));
        assertEquals(files.subList(2, 4), next.path("data.id"));
        asOwner().get(resources(project)).then().body("data", hasSize(10));
        assertError(asOwner().queryParam("kind", "disk").get(resources(project)), 400, "invalid_value", "kind");
        assertError(asOwner().queryParam("limit", 0).get(resources(project)), 400, "invalid_value", "limit");
        assertError(asOwner().queryParam("after", "nope").get(resources(project)), 400, "invalid_value", "after");
        assertError(asOwner().queryParam("include_archived", "maybe").get(resources(project)), 400, "invalid_value", "include_archived");
    }

    @Test
    void permissionsGuardAndTenancy() {
        String project = createProject("guarded");
        String id = asOwner().body(Map.of("kind", "file", "name", "f")).post(resources(project)).then().extract().path("id");
        String member = addUser("m@example.com", "reader");
        addToProject(project, member, "member");
        String memberKey = projectKey(project, member);
        as(memberKey).get(resources(project)).then().statusCode(200).body("data", hasSize(1));
        assertError(as(memberKey).body(Map.of("kind", "file", "name", "g")).post(resources(project)), 403, "insufficient_permissions", null);
        assertError(as(memberKey).body(Map.of("name", "g")).post(resources(project) + "/" + id), 403, "insufficient_permissions", null);
        assertError(as(memberKey).post(resources(project) + "/" + id + "/archive"), 403, "insufficient_permissions", null);
        assertError(as(memberKey).post(resources(project) + "/" + id + "/unarchive"), 403, "insufficient_permissions", null);
        assertError(as(memberKey).delete(resources(project) + "/" + id), 403, "insufficient_permissions", null);
        String admin = addUser("a@example.com", "reader");
        addToProject(project, admin, "admin");
        as(projectKey(project, admin)).body(Map.of("kind", "file", "name", "g")).post(resources(project)).then().statusCode(200);
        assertError(as(createAdminKey("r", "reader")).delete(resources(project) + "/" + id), 403, "insufficient_permissions", null);
        // another project's key does not see this project
        String other = createProject("other");
        addToProject(other, member, "owner");
        assertError(as(projectKey(other, member)).get(resources(project)), 404, "not_found", null);
        // another organization's ids are 404s
        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS).then().extract().path("admin_key.value");
        assertError(as(stranger).get(resources(project) + "/" + id), 404, "not_found", null);
        assertError(as(stranger).body(Map.of("kind", "file", "name", "x")).post(resources(project)), 404, "not_found", null);
        assertError(as(stranger).delete(resources(project) + "/" + id), 404, "not_found", null);
        assertError(as(stranger).get(resources(project)), 404, "not_found", null);
        assertError(as(stranger).body(Map.of("name", "x")).post(resources(project) + "/" + id), 404, "not_found", null);
        assertError(as(stranger).post(resources(project) + "/" + id + "/archive"), 404, "not_found", null);
        assertError(as(stranger).post(resources(project) + "/" + id + "/unarchive"), 404, "not_found", null);
        assertError(asOwner().get(resources(project) + "/" + Ids.newId(IdPrefix.RESOURCE)), 404, "not_found", null);
        assertError(asOwner().get(resources(other) + "/" + id), 404, "not_found", null);
        // an archived project's resources are read-only
        asOwner().post(PROJECTS + "/" + project + "/archive").then().statusCode(200);
        asOwner().get(resources(project)).then().statusCode(200);
        assertError(asOwner().body(Map.of("kind", "file", "name", "late")).post(resources(project)), 400, "project_archived", null);
        assertError(asOwner().delete(resources(project) + "/" + id), 400, "project_archived", null);
    }

    @Test
    void badInput() {
        String project = createProject("bad");
        assertError(asOwner().body(Map.of("kind", "file", "name", "")).post(resources(project)), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("kind", "file", "name", "n".repeat(256))).post(resources(project)), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("kind", "file", "name", "a", "external_id", "e".repeat(256))).post(resources(project)),
                400, "invalid_value", "external_id");
        assertError(asOwner().body(Map.of("kind", "file", "name", "a\u0000")).post(resources(project)), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("kind", "file", "name", "a", "external_id", "\u0000")).post(resources(project)),
                400, "invalid_value", "external_id");
        assertError(asOwner().body(Map.of("kind", 1, "name", "a")).post(resources(project)), 400, "invalid_value", "kind");
        assertError(asOwner().body(Map.of("kind", "file", "name", "a", "project_id", "proj_x")).post(resources(project)),
                400, "invalid_value", "project_id");
        String id = asOwner().body(Map.of("kind", "file", "name", "a")).post(resources(project)).then().extract().path("id");
        assertError(asOwner().body(Map.of("name", " ")).post(resources(project) + "/" + id), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("kind", "vault")).post(resources(project) + "/" + id), 400, "invalid_value", "kind");
        assertError(asOwner().body(Map.of("name", "n".repeat(256))).post(resources(project) + "/" + id), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", 3)).post(resources(project) + "/" + id), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("external_id", "\u0000")).post(resources(project) + "/" + id), 400, "invalid_value", "external_id");
        assertError(asOwner().urlEncodingEnabled(false).get(resources(project) + "/res_%00"), 400, "invalid_value", "resource_id");
        assertError(asOwner().urlEncodingEnabled(false).post(resources(project) + "/res_%00/archive"), 400, "invalid_value", "resource_id");
        assertError(asOwner().urlEncodingEnabled(false).delete(resources(project) + "/res_%00"), 400, "invalid_value", "resource_id");
        assertError(asOwner().urlEncodingEnabled(false).get(PROJECTS + "/proj_%00/resources"), 400, "invalid_value", "project_id");
    }

    @Test
    void idempotentCreate() {
        String project = createProject("idem");
        Map<String, Object> body = Map.of("kind", "snapshot", "name", "nightly");
        Response first = asOwner().header("Idempotency-Key", "snap-1").body(body).post(resources(project));
        Response replay = asOwner().header("Idempotency-Key", "snap-1").body(body).post(resources(project));
        replay.then().statusCode(200).header("Idempotent-Replayed", equalTo("true")).body("id", equalTo(first.path("id")));
        asOwner().get(resources(project)).then().body("data", hasSize(1));
        // the same key for another project is another request
        assertError(asOwner().header("Idempotency-Key", "snap-1").body(body).post(resources(createProject("elsewhere"))),
                422, "idempotency_key_reused", "Idempotency-Key");
    }
}
