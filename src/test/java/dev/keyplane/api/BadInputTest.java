package dev.keyplane.api;

import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** Every client mistake named by the contract: the right status, the envelope, the offending param. */
@QuarkusTest
class BadInputTest extends ApiTest {

    @Test
    void malformedJson() {
        assertError(asOwner().body("{\"name\": \"a\",").post(PROJECTS), 400, "invalid_value", null);
        assertError(asOwner().body("not json").post(PROJECTS), 400, "invalid_value", null);
        assertError(asOwner().body("[1, 2]").post(PROJECTS), 400, "invalid_value", null);
        assertError(asOwner().body("\"a string\"").post(PROJECTS), 400, "invalid_value", null);
        assertError(asOwner().body("{\"name\": \"a\"} trailing").post(PROJECTS), 400, "invalid_value", null);
        assertError(asOwner().post(PROJECTS), 400, "invalid_value", null);
    }

    @Test
    void wrongTypes() {
        assertError(asOwner().body(Map.of("name", 5)).post(PROJECTS), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", true)).post(PROJECTS), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", Map.of("nested", 1))).post(PROJECTS), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", "a", "description", 12)).post(PROJECTS), 400, "invalid_value", "description");
        String id = createProject("typed");
        assertError(asOwner().body(Map.of("name", 7)).post(PROJECTS + "/" + id), 400, "invalid_value", "name");
    }

    @Test
    void unknownFieldsAreRejectedSoNothingIsMassAssigned() {
        assertError(asOwner().body(Map.of("name", "a", "status", "archived")).post(PROJECTS), 400, "invalid_value", "status");
        assertError(asOwner().body(Map.of("name", "a", "id", "proj_x")).post(PROJECTS), 400, "invalid_value", "id");
        assertError(asOwner().body(Map.of("name", "a", "organization_id", "org_x")).post(PROJECTS), 400, "invalid_value", "organization_id");
        String id = createProject("fixed");
        assertError(asOwner().body(Map.of("created_by", "me")).post(PROJECTS + "/" + id), 400, "invalid_value", "created_by");
    }

    @Test
    void lengthsAndBlankNames() {
        assertError(asOwner().body(Map.of("name", "n".repeat(256))).post(PROJECTS), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", "")).post(PROJECTS), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", "   ")).post(PROJECTS), 400, "invalid_value", "name");
        assertError(asOwner().body("{\"name\": null}").post(PROJECTS), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of()).post(PROJECTS), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", "a", "description", "d".repeat(1001))).post(PROJECTS), 400, "invalid_value", "description");
        assertError(asOwner().body(Map.of("name", "a", "external_id", "e".repeat(256))).post(PROJECTS), 400, "invalid_value", "external_id");
        assertError(asOwner().body(Map.of("name", "a", "external_id", "")).post(PROJECTS), 400, "invalid_value", "external_id");
        asOwner().body(Map.of("name", "n".repeat(255), "description", "d".repeat(1000))).post(PROJECTS).then().statusCode(200);
        String id = createProject("renamed");
        assertError(asOwner().body(Map.of("name", "")).post(PROJECTS + "/" + id), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", " ")).post(PROJECTS + "/" + id), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", "n".repeat(256))).post(PROJECTS + "/" + id), 400, "invalid_value", "name");
    }

    @Test
    void invalidEnumValues() {
        assertError(asOwner().body(Map.of("name", "a", "environment", "prod")).post(PROJECTS), 400, "invalid_value", "environment");
        assertError(asOwner().body(Map.of("name", "a", "environment", "PRODUCTION")).post(PROJECTS), 400, "invalid_value", "environment");
        assertError(asOwner().body(Map.of("name", "a", "residency", "MARS")).post(PROJECTS), 400, "invalid_value", "residency");
        asOwner().body(Map.of("name", "a", "residency", "EU_STORAGE_PROCESSING")).post(PROJECTS)
                .then().statusCode(200).body("residency", org.hamcrest.Matchers.equalTo("EU_STORAGE_PROCESSING"));
    }

    @Test
    void listParameters() {
        assertError(asOwner().queryParam("limit", 0).get(PROJECTS), 400, "invalid_value", "limit");
        assertError(asOwner().queryParam("limit", 101).get(PROJECTS), 400, "invalid_value", "limit");
        assertError(asOwner().queryParam("limit", -1).get(PROJECTS), 400, "invalid_value", "limit");
        assertError(asOwner().queryParam("limit", "ten").get(PROJECTS), 400, "invalid_value", "limit");
        assertError(asOwner().queryParam("include_archived", "maybe").get(PROJECTS), 400, "invalid_value", "include_archived");
        assertError(asOwner().queryParam("after", "garbage").get(PROJECTS), 400, "invalid_value", "after");
        assertError(asOwner().queryParam("after", Ids.newId(IdPrefix.PROJECT)).get(PROJECTS), 400, "invalid_value", "after");
        asOwner().queryParam("limit", 100).get(PROJECTS).then().statusCode(200);
        asOwner().queryParam("limit", 1).get(PROJECTS).then().statusCode(200);
    }

    @Test
    void nulCharactersAreRefusedNamingTheField() {
        assertError(asOwner().body(Map.of("name", "\u0000")).post(GROUPS), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", "ok", "description", "a\u0000b")).post(PROJECTS), 400, "invalid_value", "description");
        assertError(asOwner().body(Map.of("role_name", "r\u0000", "permissions", List.of("projects.read"))).post(ROLES),
                400, "invalid_value", "role_name");
        assertError(asOwner().body(Map.of("role_name", "r", "permissions", List.of("projects.read\u0000"))).post(ROLES),
                400, "invalid_value", "permissions[0]");
        assertError(asOwner().urlEncodingEnabled(false).get(USERS + "?emails=%00"), 400, "invalid_value", "emails");
        assertError(asOwner().urlEncodingEnabled(false).get(PROJECTS + "?after=proj_%00"), 400, "invalid_value", "after");
        assertError(asOwner().urlEncodingEnabled(false).get(PROJECTS + "/proj_%00x"), 400, "invalid_value", "project_id");
        assertError(asOwner().urlEncodingEnabled(false).get(GROUPS + "/grp_%00/users"), 400, "invalid_value", "group_id");
        assertError(asOwner().body(Map.of("key", "sk-admin-\u0000")).post("/v1/keys/verify"), 400, "invalid_value", "key");
    }

    @Test
    void pathIdsOfTheWrongShapeAndUnknownIds() {
        assertError(asOwner().get(PROJECTS + "/not-a-project"), 404, "not_found", null);
        assertError(asOwner().get(PROJECTS + "/" + Ids.newId(IdPrefix.API_KEY)), 404, "not_found", null);
        assertError(asOwner().post(PROJECTS + "/proj_!!/archive"), 404, "not_found", null);
        assertError(asOwner().get(PROJECTS + "/" + Ids.newId(IdPrefix.PROJECT)), 404, "not_found", null);
        assertError(asOwner().delete(ADMIN_KEYS + "/" + Ids.newId(IdPrefix.API_KEY)), 404, "not_found", null);
    }

    @Test
    void wrongMethodsMediaTypesAndRoutes() {
        assertError(asOwner().put(PROJECTS), 405, "method_not_allowed", null);
        assertError(asOwner().patch(PROJECTS + "/" + createProject("m")), 405, "method_not_allowed", null);
        assertError(asOwner().delete(PROJECTS), 405, "method_not_allowed", null);
        assertError(asOwner().contentType(ContentType.TEXT).body("name=a").post(PROJECTS), 415, "unsupported_media_type", null);
        assertError(asOwner().contentType("application/xml").body("<name/>").post(PROJECTS), 415, "unsupported_media_type", null);
        assertError(asOwner().get("/v1/organization/nothing-here"), 404, "not_found", null);
    }

    @Test
    void bodiesOverOneMebibyteAre413() {
        String big = "{\"name\":\"a\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertError(asOwner().body(big).post(PROJECTS), 413, "request_too_large", null);
        asOwner().get(PROJECTS).then().statusCode(200);
    }

    @Test
    void chunkedBodiesOverOneMebibyteAre413Too() throws Exception {
        byte[] big = ("{\"name\":\"a\",\"description\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes();
        // a body of unknown length goes out chunked: no Content-Length for the early check to read
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + PROJECTS))
                        .header("Authorization", "Bearer " + ownerKey).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        // Quarkus's body reader answers this 413 itself and closes the connection before any mapper runs,
        // so it carries no envelope (a known limit, in docs/api.md, "Conventions"); the point is: 413, not 500, and no harm
        org.junit.jupiter.api.Assertions.assertEquals(413, response.statusCode(), response.body());
        asOwner().get(PROJECTS).then().statusCode(200);
        asOwner().body(Map.of("name", "after a big body")).post(PROJECTS).then().statusCode(200);
    }

    @Test
    void badIdempotencyKeys() {
        assertError(asOwner().header("Idempotency-Key", "k".repeat(256)).body(Map.of("name", "a")).post(PROJECTS),
                400, "invalid_value", "Idempotency-Key");
        assertError(asOwner().header("Idempotency-Key", "has space").body(Map.of("name", "a")).post(PROJECTS),
                400, "invalid_value", "Idempotency-Key");
    }
}
