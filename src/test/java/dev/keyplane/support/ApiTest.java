package dev.keyplane.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Base of the HTTP tests: real Keyplane, real embedded PostgreSQL, REST Assured over HTTP, every
 * response checked against the OpenAPI document. Each test works in an organization of its own,
 * created through the operator API, so tests never see each other's data.
 */
@QuarkusTestResource(KeyplaneTestResource.class)
public abstract class ApiTest {

    protected static final String PROJECTS = "/v1/organization/projects";
    protected static final String ADMIN_KEYS = "/v1/organization/admin_api_keys";
    protected static final String ORGANIZATIONS = "/v1/organizations";
    protected static final String USERS = "/v1/organization/users";
    protected static final String INVITES = "/v1/organization/invites";
    protected static final String GROUPS = "/v1/organization/groups";
    protected static final String ROLES = "/v1/organization/roles";

    /** The owner admin key of this test's own organization. */
    protected String ownerKey;
    protected String organizationId;

    @BeforeEach
    void installContractAndOrganization() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        OpenApiContract contract = OpenApiContract.load(RestAssured.baseURI + ":" + RestAssured.port);
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof OpenApiContract)) {
            RestAssured.filters(contract);
        }
        Response created = asSystem().body(Map.of("name", "test-" + UUID.randomUUID())).post(ORGANIZATIONS);
        created.then().statusCode(200);
        organizationId = created.path("id");
        ownerKey = created.path("admin_key.value");
    }

    protected static String systemKey() {
        return System.getProperty(KeyplaneTestResource.SYSTEM_KEY_PROPERTY);
    }

    protected static String bootstrapKey() {
        return System.getProperty(KeyplaneTestResource.BOOTSTRAP_KEY_PROPERTY);
    }

    protected static RequestSpecification as(String key) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key);
    }

    protected static RequestSpecification asSystem() {
        return as(systemKey());
    }

    protected RequestSpecification asOwner() {
        return as(ownerKey);
    }

    /** Creates a project in this test's organization and returns its id. */
    protected String createProject(String name) {
        return asOwner().body(Map.of("name", name)).post(PROJECTS).then().statusCode(200).extract().path("id");
    }

    /** Mints an admin key in this test's organization; returns the raw value. */
    protected String createAdminKey(String name, String role) {
        return asOwner().body(Map.of("name", name, "role", role)).post(ADMIN_KEYS)
                .then().statusCode(200).extract().path("value");
    }

    /** Adds a member to this test's organization; returns the user id. */
    protected String addUser(String email, String role) {
        return asOwner().body(Map.of("email", email, "role", role)).post(USERS).then().statusCode(200).extract().path("id");
    }

    /** The user id of this organization's owner (who holds {@link #ownerKey}). */
    protected String ownerUserId() {
        return asOwner().get(ADMIN_KEYS).then().statusCode(200).extract().path("data[0].owner.id");
    }

    /** Adds a user to a project with a role. */
    protected void addToProject(String projectId, String userId, String role) {
        asOwner().body(Map.of("user_id", userId, "role", role)).post(PROJECTS + "/" + projectId + "/users").then().statusCode(200);
    }

    /** Mints a project key for a project member; returns the raw value. */
    protected String projectKey(String projectId, String userId) {
        return asOwner().body(Map.of("user_id", userId, "name", "k")).post(PROJECTS + "/" + projectId + "/api_keys")
                .then().statusCode(200).extract().path("value");
    }

    /** Creates a service account with a role; returns its first key. */
    protected String serviceAccountKey(String projectId, String role) {
        Response created = asOwner().body(Map.of("name", "bot-" + role)).post(PROJECTS + "/" + projectId + "/service_accounts");
        created.then().statusCode(200);
        if (!"member".equals(role)) {
            asOwner().body(Map.of("role", role)).post(PROJECTS + "/" + projectId + "/service_accounts/" + created.path("id"))
                    .then().statusCode(200).body("role", equalTo(role));
        }
        return created.path("api_key.value");
    }

    /** Asserts the error envelope with its status, type, code and param. */
    protected static void assertError(Response response, int status, String code, String param) {
        response.then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo(status >= 500 ? "server_error" : status == 429 ? "rate_limit_error" : "invalid_request_error"))
                .body("error.code", equalTo(code))
                .body("error.message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .body("error.param", param == null ? nullValue() : equalTo(param));
    }

    /**
     * Asserts a seed dialect's envelope: exactly {@code {"error":{"code","message"}}} with the status and code,
     * and a message containing {@code messagePart} (the field a 400 names, say); {@code null} skips that check.
     */
    protected static void assertSeedError(Response response, int status, String code, String messagePart) {
        response.then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("size()", equalTo(1))
                .body("error.size()", equalTo(2))
                .body("error.code", equalTo(code))
                .body("error.message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
        if (messagePart != null) {
            response.then().body("error.message", org.hamcrest.Matchers.containsString(messagePart));
        }
    }

    /** ISO 8601 in UTC with milliseconds, as the seed dialects write times. */
    protected static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
}
