package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One core under four dialects: the same projects, the same keys, the same revocations. */
@QuarkusTest
class CrossDialectTest extends ApiTest {

    static final String MACHINE = "/machine/projects";
    static final String INGEST = "/projects";
    static final String R4 = "/api/v1/machine/project";

    @Inject
    Pool pool;

    @Test
    void createInOneReadAndModifyInTheOthersDeleteInAThird() {
        // created in R4
        String id = as(ownerKey).body(Map.of("name", "shared", "externalId", "EXT-1", "description", "one project")).post(R4)
                .then().statusCode(201).extract().path("id");
        // the same project everywhere
        asOwner().get(PROJECTS + "/" + id).then().statusCode(200).body("name", equalTo("shared")).body("external_id", equalTo("EXT-1"));
        asOwner().get(INGEST + "/" + id).then().statusCode(200).body("name", equalTo("shared")).body("externalId", equalTo("EXT-1"));
        asOwner().get(MACHINE + "/" + id).then().statusCode(200).body("name", equalTo("shared")).body("description", equalTo("one project"));
        // modified in 000 and 002, seen in R4 and the primary dialect
        asOwner().body(Map.of("description", "changed in 000")).patch(MACHINE + "/" + id).then().statusCode(200);
        asOwner().body(Map.of("name", "renamed in 002", "environment", "staging")).patch(INGEST + "/" + id).then().statusCode(200);
        asOwner().get(R4 + "/" + id).then().body("name", equalTo("renamed in 002")).body("description", equalTo("changed in 000"));
        asOwner().get(PROJECTS + "/" + id).then().body("environment", equalTo("staging"));
        // a resource registered in the primary dialect counts in R4
        asOwner().body(Map.of("kind", "vault", "name", "v")).post(PROJECTS + "/" + id + "/resources").then().statusCode(200);
        asOwner().get(R4 + "/" + id).then().body("vaultsCount", equalTo(1));
        // the organization owner mints a key for it through 002, and that key works in every dialect
        Response minted = asOwner().post(INGEST + "/" + id + "/api-keys");
        minted.then().statusCode(201);
        String ownersKey = minted.path("apiKey");
        as(ownersKey).get(PROJECTS + "/" + id).then().statusCode(200);
        as(ownersKey).get(MACHINE + "/" + id).then().statusCode(200).body("role", equalTo("owner"));
        RestAssured.given().header("X-API-Key", ownersKey).get(R4 + "/" + id).then().statusCode(200);
        asOwner().queryParam("owner_project_access", "active").get(PROJECTS + "/" + id + "/api_keys").then()
                .body("data.id", hasItem(minted.<String>path("key.id")));
        // deleted in 002: gone in every dialect
        asOwner().delete(INGEST + "/" + id).then().statusCode(200);
        asOwner().get(PROJECTS + "/" + id).then().statusCode(404);
        asOwner().get(MACHINE + "/" + id).then().statusCode(404);
        asOwner().get(R4 + "/" + id).then().statusCode(404).body("error.code", equalTo("project_not_found"));
    }

    @Test
    void aKeyFromEachDialectWorksInAllOfThem() {
        Response machine = asOwner().body(Map.of("name", "m")).post(MACHINE);
        Response ingest = asOwner().body(Map.of("name", "i")).post(INGEST);
        String member = addUser("member@example.com", "reader");
        String primaryProject = createProject("p");
        addToProject(primaryProject, member, "owner");
        Map<String, String> keyToProject = Map.of(
                machine.<String>path("apiKey"), machine.path("projectId"),
                ingest.<String>path("apiKey"), ingest.path("project.id"),
                projectKey(primaryProject, member), primaryProject);
        for (Map.Entry<String, String> e : keyToProject.entrySet()) {
            String key = e.getKey();
            String project = e.getValue();
            as(key).get(PROJECTS + "/" + project).then().statusCode(200).body("id", equalTo(project));
            as(key).get(MACHINE + "/" + project).then().statusCode(200).body("role", equalTo("owner"));
            as(key).get(INGEST + "/" + project).then().statusCode(200);
            RestAssured.given().header("X-API-Key", key).get(R4 + "/" + project).then().statusCode(200);
            as(key).get(INGEST + "/" + project + "/api-keys").then().statusCode(200);
            // and the data plane knows it
            asOwner().body(Map.of("key", key)).post("/v1/keys/verify").then().statusCode(200)
                    .body("valid", equalTo(true)).body("project_id", equalTo(project));
        }
    }

    @Test
    void aRevocationThroughApiKeysIsSeenByTheOpenAiDialectAtOnce() {
        Response created = asOwner().body(Map.of("name", "revoked")).post(INGEST);
        String id = created.path("project.id");
        String key = created.path("apiKey");
        as(key).get(PROJECTS + "/" + id).then().statusCode(200); // verified and cached
        asOwner().get(PROJECTS + "/" + id + "/api_keys").then().body("data.id", hasItem(created.<String>path("key.id")));
        asOwner().delete("/api-keys/" + created.path("key.id")).then().statusCode(200);
        as(key).get(PROJECTS + "/" + id).then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        asOwner().get(PROJECTS + "/" + id + "/api_keys").then().body("data", hasSize(0));
        asOwner().body(Map.of("key", key)).post("/v1/keys/verify").then().statusCode(200).body("valid", equalTo(false))
                .body("code", equalTo("REVOKED"));
        // and a key revoked in the primary dialect is gone from 002's list
        String another = asOwner().post(INGEST + "/" + id + "/api-keys").then().statusCode(201).extract().path("key.id");
        asOwner().delete(PROJECTS + "/" + id + "/api_keys/" + another).then().statusCode(200);
        asOwner().get(INGEST + "/" + id + "/api-keys").then().body("apiKeys", hasSize(0));
    }

    @Test
    void everyRowAProjectOwnsGoesWithIt() {
        // Whatever table refers to projects, now or in a later migration, must cascade: deleting a project removes all it owns.
        List<String> notCascading = new ArrayList<>();
        for (Row row : pool.query("""
                SELECT con.conrelid::regclass::text AS owner, con.confdeltype::text AS confdeltype
                FROM pg_constraint con WHERE con.contype = 'f' AND con.confrelid = 'projects'::regclass""")
                .execute().await().indefinitely()) {
            if (!"c".equals(row.getString("confdeltype"))) {
                notCascading.add(row.getString("owner"));
            }
        }
        assertEquals(List.of(), notCascading, "tables whose rows would outlive their project");
    }
}
