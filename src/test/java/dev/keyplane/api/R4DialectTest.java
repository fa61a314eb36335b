package dev.keyplane.api;

import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** R4, seeds 003 and 004: {@code /api/v1/machine/project}, with {@code X-API-Key}. */
@QuarkusTest
class R4DialectTest extends ApiTest {

    static final String R4 = "/api/v1/machine/project";
    static final String CREATION_FAILED = "Failed to create the project. Please verify your input and try again.";
    static final String UNAUTHORIZED = "Invalid or missing API key. Please provide your API key in the X-API-Key header.";

    private static RequestSpecification withKey(String key) {
        return RestAssured.given().contentType(ContentType.JSON).header("X-API-Key", key);
    }

    @Test
    void createAnswersTheIdAndNothingElse() {
        Response created = withKey(ownerKey).body(Map.of("name", "Production Infrastructure", "externalId", "PROJ-001",
                "description", "Contains all production environment resources")).post(R4);
        created.then().statusCode(201).body("size()", equalTo(1)).body("id", startsWith("proj_"));
        String id = created.path("id");
        // the same project in the primary dialect
        asOwner().get(PROJECTS + "/" + id).then().statusCode(200).body("name", equalTo("Production Infrastructure"))
                .body("external_id", equalTo("PROJ-001")).body("description", equalTo("Contains all production environment resources"));
        // names need not be unique
        withKey(ownerKey).body(Map.of("name", "Production Infrastructure")).post(R4).then().statusCode(201);
        // a bearer token works too
        as(ownerKey).body(Map.of("name", "bearer")).post(R4).then().statusCode(201);
    }

    @Test
    void detailsListLiveVaultsLicensesAndLicenseGroups() {
        String id = withKey(ownerKey).body(Map.of("name", "Production Infrastructure", "externalId", "PROJ-001")).post(R4)
                .then().statusCode(201).extract().path("id");
        String resources = PROJECTS + "/" + id + "/resources";
        String vault = asOwner().body(Map.of("kind", "vault", "name", "Production Secrets", "attributes", Map.of("is_encrypted", true)))
                .post(resources).then().statusCode(200).extract().path("id");
        String plainVault = asOwner().body(Map.of("kind", "vault", "name", "Plain")).post(resources).then().extract().path("id");
        String internal = asOwner().body(Map.of("kind", "license", "name", "Enterprise License", "attributes", Map.of("type", "internal")))
                .post(resources).then().statusCode(200).extract().path("id");
        String manual = asOwner().body(Map.of("kind", "license", "name", "Manual License Entry", "attributes", Map.of("type", "manual")))
                .post(resources).then().extract().path("id");
        String group = asOwner().body(Map.of("kind", "license_group", "name", "Development Team Licenses")).post(resources)
                .then().extract().path("id");
        String archivedGroup = asOwner().body(Map.of("kind", "license_group", "name", "Old")).post(resources).then().extract().path("id");
        asOwner().post(resources + "/" + archivedGroup + "/archive").then().statusCode(200);
        asOwner().body(Map.of("kind", "snapshot", "name", "not listed here")).post(resources).then().statusCode(200);

        Response details = withKey(ownerKey).get(R4 + "/" + id);
        details.then().statusCode(200)
                .body("size()", equalTo(14))
                .body("id", equalTo(id))
                .body("name", equalTo("Production Infrastructure"))
                .body("externalId", equalTo("PROJ-001"))
                .body("description", nullValue())
                .body("domainTenantId", equalTo(organizationId))
                .body("vaultsCount", equalTo(2)).body("licensesCount", equalTo(2)).body("licenseGroupsCount", equalTo(1))
                .body("createdAt", matchesPattern(ISO_MILLIS))
                .body("createdBy", equalTo(ownerUserId()))
                .body("archivedAt", nullValue())
                .body("vaults.id", equalTo(List.of(vault, plainVault)))
                .body("vaults[0].name", equalTo("Production Secrets")).body("vaults[0].isEncrypted", equalTo(true))
                .body("vaults[1].isEncrypted", nullValue()).body("vaults[0].size()", equalTo(3))
                .body("licenses.id", equalTo(List.of(internal, manual)))
                .body("licenses.type", equalTo(List.of("internal", "manual")))
                .body("licenses[0].name", equalTo("Enterprise License"))
                .body("licenseGroups", hasSize(1))
                .body("licenseGroups[0].id", equalTo(group)).body("licenseGroups[0].name", equalTo("Development Team Licenses"))
                .body("licenseGroups[0].size()", equalTo(2));
    }

    @Test
    void archivedProjectsStayReadable() {
        String id = withKey(ownerKey).body(Map.of("name", "old")).post(R4).then().extract().path("id");
        asOwner().post(PROJECTS + "/" + id + "/archive").then().statusCode(200);
        withKey(ownerKey).get(R4 + "/" + id).then().statusCode(200).body("archivedAt", matchesPattern(ISO_MILLIS))
                .body("vaults", hasSize(0)).body("vaultsCount", equalTo(0));
    }

    @Test
    void theSeedsErrorBodies() {
        for (Map<String, ?> bad : List.<Map<String, ?>>of(Map.of(), Map.of("name", ""), Map.of("name", "n".repeat(256)),
                Map.of("name", "a", "externalId", "e".repeat(256)), Map.of("name", "a", "description", "d".repeat(1001)),
                Map.of("name", 42), Map.of("name", "a", "tenant", "t"), Map.of("name", "a\u0000"), Map.of("name", "a", "externalId", ""))) {
            Response r = withKey(ownerKey).body(bad).post(R4);
            assertSeedError(r, 400, "project_creation_failed", CREATION_FAILED);
        }
        assertSeedError(withKey(ownerKey).body(Map.of("name", "a\u0000")).post(R4), 400, "project_creation_failed", "name");
        assertSeedError(withKey(ownerKey).body("{\"name\":").post(R4), 400, "project_creation_failed", CREATION_FAILED);
        // a bad parameter on the read is not a failed creation
        assertSeedError(withKey(ownerKey).urlEncodingEnabled(false).get(R4 + "/proj_%00"), 400, "invalid_request", "id");

        Response missing = RestAssured.given().contentType(ContentType.JSON).body(Map.of("name", "x")).post(R4);
        assertSeedError(missing, 401, "unauthorized", null);
        missing.then().body("error.message", equalTo(UNAUTHORIZED));
        assertSeedError(withKey("rk_abc123def456.ghijklmnopqrstuvwxyz1234567890abcdef").get(R4 + "/" + Ids.newId(IdPrefix.PROJECT)),
                401, "unauthorized", null);

        String unknown = "507f1f77bcf86cd799439014";
        Response notFound = withKey(ownerKey).get(R4 + "/" + unknown);
        assertSeedError(notFound, 404, "project_not_found", null);
        notFound.then().body("error.message", equalTo("The project with ID \"" + unknown
                + "\" was not found in your organization or you do not have access to it."));
        String minted = Ids.newId(IdPrefix.PROJECT);
        withKey(ownerKey).get(R4 + "/" + minted).then().statusCode(404).body("error.message", org.hamcrest.Matchers.containsString(minted));
    }

    @Test
    void codesOfTheSameStyleForEveryOtherFailure() {
        String taken = withKey(ownerKey).body(Map.of("name", "a", "externalId", "PROJ-9")).post(R4).then().statusCode(201).extract().path("id");
        Response conflict = withKey(ownerKey).body(Map.of("name", "b", "externalId", "PROJ-9")).post(R4);
        assertSeedError(conflict, 409, "external_id_taken", taken);
        assertSeedError(withKey(createAdminKey("reader", "reader")).body(Map.of("name", "r")).post(R4), 403, "forbidden", null);
        String member = addUser("m@example.com", "reader");
        addToProject(taken, member, "owner");
        assertSeedError(withKey(projectKey(taken, member)).body(Map.of("name", "r")).post(R4), 403, "forbidden", null);
        withKey(projectKey(taken, member)).get(R4 + "/" + taken).then().statusCode(200);
        assertSeedError(withKey(ownerKey).contentType(ContentType.TEXT).body("name").post(R4), 415, "unsupported_media_type", null);
        assertSeedError(withKey(ownerKey).delete(R4 + "/" + taken), 405, "method_not_allowed", null);
        assertSeedError(withKey(ownerKey).body(Map.of("name", "x".repeat(1_100_000))).post(R4), 413, "payload_too_large", null);
        withKey(ownerKey).header("Idempotency-Key", "k1").body(Map.of("name", "x")).post(R4).then().statusCode(201);
        assertSeedError(withKey(ownerKey).header("Idempotency-Key", "k1").body(Map.of("name", "y")).post(R4),
                422, "idempotency_key_reused", null);
    }

    @Test
    void anotherTenantsProjectIsNotFound() {
        String id = withKey(ownerKey).body(Map.of("name", "mine")).post(R4).then().extract().path("id");
        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS).then().extract().path("admin_key.value");
        assertSeedError(withKey(stranger).get(R4 + "/" + id), 404, "project_not_found", id);
        // a project key of another project in the same organization does not see it either
        String otherProject = createProject("other");
        String member = addUser("m@example.com", "reader");
        addToProject(otherProject, member, "member");
        assertSeedError(withKey(projectKey(otherProject, member)).get(R4 + "/" + id), 404, "project_not_found", id);
    }
}
