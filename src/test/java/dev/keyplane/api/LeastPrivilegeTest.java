package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The five paths by which a project admin reached owner (each answered 200 before the subset rule), the
 * demotion and removal of an owner, and the admin key listed as more than it could do.
 */
@QuarkusTest
class LeastPrivilegeTest extends ApiTest {

    private static final String AUDIT = "/v1/organization/audit_logs";

    private String projectId;
    private String adminUser;
    private String ownerUser;
    private String adminKey;

    @BeforeEach
    void projectWithAnAdmin() {
        projectId = createProject("least-privilege");
        adminUser = addUser("admin@example.com", "reader");
        ownerUser = addUser("owner@example.com", "reader");
        addToProject(projectId, adminUser, "admin");
        addToProject(projectId, ownerUser, "owner");
        adminKey = projectKey(projectId, adminUser);
    }

    private String users() {
        return PROJECTS + "/" + projectId + "/users";
    }

    /** The newest audit entry's id: a refusal must leave it where it was. */
    private String latestAuditEntry() {
        return asOwner().get(AUDIT + "?limit=1&include_extension_events=true").then().statusCode(200).extract().path("data[0].id");
    }

    private void assertRefused(Response response, String names) {
        assertError(response, 403, "insufficient_permissions", null);
        response.then().body("error.message", containsString(names));
    }

    @Test
    void anAdminCannotMakeItselfOwner() {
        String before = latestAuditEntry();
        assertRefused(as(adminKey).body(Map.of("role", "owner")).post(users() + "/" + adminUser), "project role 'owner'");
        asOwner().get(users() + "/" + adminUser).then().statusCode(200).body("role", equalTo("admin"));
        assertEquals(before, latestAuditEntry());
    }

    @Test
    void anAdminCannotAddAnOwner() {
        String reader = addUser("reader@example.com", "reader");
        String before = latestAuditEntry();
        assertRefused(as(adminKey).body(Map.of("user_id", reader, "role", "owner")).post(users()), "project role 'owner'");
        assertError(asOwner().get(users() + "/" + reader), 404, "not_found", null);
        assertEquals(before, latestAuditEntry());
        // equal is allowed: an admin may make admins
        as(adminKey).body(Map.of("user_id", reader, "role", "admin")).post(users()).then().statusCode(200).body("role", equalTo("admin"));
    }

    @Test
    void anAdminCannotMintAKeyThatActsAsTheOwner() {
        String keys = PROJECTS + "/" + projectId + "/api_keys";
        int liveKeys = asOwner().get(keys + "?limit=100").then().statusCode(200).extract().path("data.size()");
        String before = latestAuditEntry();
        assertRefused(as(adminKey).body(Map.of("user_id", ownerUser, "name", "x")).post(keys), "whose project role is 'owner'");
        asOwner().get(keys + "?limit=100").then().statusCode(200).body("data.size()", equalTo(liveKeys));
        assertEquals(before, latestAuditEntry());
        // and so the project stands: the admin itself cannot archive it
        assertError(as(adminKey).post(PROJECTS + "/" + projectId + "/archive"), 403, "insufficient_permissions", null);
        asOwner().get(PROJECTS + "/" + projectId).then().statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void anAdminCannotMakeAnOwnerServiceAccount() {
        String account = asOwner().body(Map.of("name", "bot")).post(PROJECTS + "/" + projectId + "/service_accounts")
                .then().statusCode(200).extract().path("id");
        String before = latestAuditEntry();
        assertRefused(as(adminKey).body(Map.of("role", "owner")).post(PROJECTS + "/" + projectId + "/service_accounts/" + account),
                "service account role 'owner'");
        asOwner().get(PROJECTS + "/" + projectId + "/service_accounts/" + account).then().statusCode(200).body("role", equalTo("member"));
        assertEquals(before, latestAuditEntry());
    }

    @Test
    void anAdminCannotMakeAnOwnerGroup() {
        String group = asOwner().body(Map.of("name", "g")).post(GROUPS).then().statusCode(200).extract().path("id");
        String before = latestAuditEntry();
        assertRefused(as(adminKey).body(Map.of("group_id", group, "role", "owner")).post(PROJECTS + "/" + projectId + "/groups"),
                "project role 'owner'");
        assertError(asOwner().get(PROJECTS + "/" + projectId + "/groups/" + group), 404, "not_found", null);
        assertEquals(before, latestAuditEntry());
    }

    @Test
    void anAdminCannotDemoteOrRemoveAnOwner() {
        String before = latestAuditEntry();
        assertRefused(as(adminKey).body(Map.of("role", "member")).post(users() + "/" + ownerUser), "project role is 'owner'");
        assertRefused(as(adminKey).delete(users() + "/" + ownerUser), "project role is 'owner'");
        asOwner().get(users() + "/" + ownerUser).then().statusCode(200).body("role", equalTo("owner"));
        assertEquals(before, latestAuditEntry());
    }

    @Test
    void anAdminKeyIsListedWithTheRoleItActsWith() {
        String reader = addUser("listed@example.com", "reader");
        Response minted = asOwner().body(Map.of("name", "for-reader", "role", "owner", "owner_user_id", reader)).post(ADMIN_KEYS);
        minted.then().statusCode(200).body("role", equalTo("reader"));
        String id = minted.path("id");
        List<Map<String, Object>> listed = asOwner().get(ADMIN_KEYS + "?limit=100").then().statusCode(200).extract().path("data");
        assertEquals("reader", listed.stream().filter(k -> id.equals(k.get("id"))).findFirst().orElseThrow().get("role"));
        asOwner().get(ADMIN_KEYS + "/" + id).then().statusCode(200).body("role", equalTo("reader"));
        // and it acts as a reader: it reads, and may not write
        String raw = minted.path("value");
        as(raw).get(PROJECTS).then().statusCode(200);
        assertError(as(raw).body(Map.of("name", "nope")).post(PROJECTS), 403, "insufficient_permissions", null);
    }
}
