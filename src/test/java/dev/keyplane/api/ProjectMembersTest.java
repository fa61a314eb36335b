package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class ProjectMembersTest extends ApiTest {

    @Test
    void projectUserLifecycle() {
        String projectId = createProject("team");
        String users = PROJECTS + "/" + projectId + "/users";
        String ada = addUser("ada@example.com", "reader");
        asOwner().body(Map.of("user_id", ada, "role", "owner")).post(users).then().statusCode(200)
                .body("object", equalTo("organization.project.user"))
                .body("id", equalTo(ada)).body("email", equalTo("ada@example.com")).body("role", equalTo("owner"));
        String bob = addUser("bob@example.com", "reader");
        asOwner().body(Map.of("email", "BOB@example.com", "role", "member")).post(users).then().statusCode(200)
                .body("id", equalTo(bob)).body("role", equalTo("member"));
        assertError(asOwner().body(Map.of("user_id", bob, "role", "admin")).post(users), 409, "already_member", "user_id");

        asOwner().get(users).then().statusCode(200).body("data", hasSize(2));
        asOwner().get(users + "/" + bob).then().statusCode(200).body("role", equalTo("member"));
        asOwner().body(Map.of("role", "admin")).post(users + "/" + bob).then().statusCode(200).body("role", equalTo("admin"));

        // the project's last owner membership may go, as the reference allows: organization owners own every project
        asOwner().body(Map.of("role", "member")).post(users + "/" + ada).then().statusCode(200).body("role", equalTo("member"));
        asOwner().body(Map.of("role", "owner")).post(users + "/" + ada).then().statusCode(200).body("role", equalTo("owner"));
        asOwner().delete(users + "/" + ada).then().statusCode(200).body("deleted", equalTo(true));
        String ownersKey = projectKey(projectId, ownerUserId());
        as(ownersKey).get(PROJECTS + "/" + projectId + "/users/" + bob).then().statusCode(200);
        as(ownersKey).body(Map.of("description", "still owned")).post(PROJECTS + "/" + projectId).then().statusCode(200);

        asOwner().delete(users + "/" + bob).then().statusCode(200)
                .body("object", equalTo("organization.project.user.deleted")).body("id", equalTo(bob)).body("deleted", equalTo(true));
        assertError(asOwner().get(users + "/" + bob), 404, "not_found", null);
    }

    @Test
    void onlyOrganizationMembersJoinAndArchivedProjectsRefuseChanges() {
        String projectId = createProject("closed");
        String users = PROJECTS + "/" + projectId + "/users";
        assertError(asOwner().body(Map.of("user_id", "user_01aaaaaaaaaaaaaaaaaaaaaaaa", "role", "member")).post(users), 404, "not_found", null);
        assertError(asOwner().body(Map.of("email", "stranger@example.com", "role", "member")).post(users), 404, "not_found", null);
        assertError(asOwner().body(Map.of("role", "member")).post(users), 400, "invalid_value", "user_id");
        String ada = addUser("ada@example.com", "reader");
        assertError(asOwner().body(Map.of("user_id", ada, "role", "boss")).post(users), 400, "invalid_value", "role");
        asOwner().post(PROJECTS + "/" + projectId + "/archive").then().statusCode(200);
        assertError(asOwner().body(Map.of("user_id", ada, "role", "member")).post(users), 400, "project_archived", null);
        assertError(asOwner().body(Map.of("name", "bot")).post(PROJECTS + "/" + projectId + "/service_accounts"), 400, "project_archived", null);
        // as the reference contract says: an archived project has no users or service accounts to list
        assertError(asOwner().get(users), 400, "project_archived", null);
        assertError(asOwner().get(PROJECTS + "/" + projectId + "/service_accounts"), 400, "project_archived", null);
        asOwner().get(PROJECTS + "/" + projectId + "/api_keys").then().statusCode(200);
        asOwner().post(PROJECTS + "/" + projectId + "/unarchive").then().statusCode(200);
        asOwner().get(users).then().statusCode(200);
    }

    @Test
    void removingAMemberMakesTheirKeysInactiveAtOnce() {
        String projectId = createProject("keys");
        String ada = addUser("ada@example.com", "reader");
        addToProject(projectId, ada, "member");
        Response minted = asOwner().body(Map.of("user_id", ada, "name", "ada's key")).post(PROJECTS + "/" + projectId + "/api_keys");
        minted.then().statusCode(200)
                .body("value", org.hamcrest.Matchers.startsWith("sk-proj-"))
                .body("owner.type", equalTo("user"))
                .body("owner.user.id", equalTo(ada))
                .body("owner.user.role", equalTo("member"))
                .body("owner_project_access", equalTo("active"));
        String key = minted.path("value");
        String keyId = minted.path("id");
        as(key).get(PROJECTS + "/" + projectId).then().statusCode(200);

        asOwner().delete(PROJECTS + "/" + projectId + "/users/" + ada).then().statusCode(200);
        assertError(as(key).get(PROJECTS + "/" + projectId), 401, "invalid_api_key", null);
        String keys = PROJECTS + "/" + projectId + "/api_keys";
        asOwner().get(keys).then().statusCode(200).body("data", hasSize(0));
        asOwner().queryParam("owner_project_access", "inactive").get(keys).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(keyId)).body("data[0].owner_project_access", equalTo("inactive"));
        asOwner().queryParam("owner_project_access", "any").get(keys).then().statusCode(200).body("data", hasSize(1));
        assertError(asOwner().queryParam("owner_project_access", "sometimes").get(keys), 400, "invalid_value", "owner_project_access");

        // back in the project, the same key works again
        addToProject(projectId, ada, "member");
        as(key).get(PROJECTS + "/" + projectId).then().statusCode(200);
    }

    @Test
    void projectKeysNeedAMemberAndDieWithDeletion() {
        String projectId = createProject("minting");
        String keys = PROJECTS + "/" + projectId + "/api_keys";
        String outsider = addUser("out@example.com", "reader");
        assertError(asOwner().body(Map.of("user_id", outsider)).post(keys), 409, "not_a_member", "user_id");
        assertError(asOwner().body(Map.of("name", "nobody")).post(keys), 400, "invalid_value", "user_id");
        assertError(asOwner().body(Map.of("user_id", outsider, "expires_at", 1)).post(keys), 400, "invalid_value", "expires_at");
        addToProject(projectId, outsider, "admin");
        Response minted = asOwner().body(Map.of("user_id", outsider, "expires_at", java.time.Instant.now().getEpochSecond() + 3600))
                .post(keys);
        minted.then().statusCode(200);
        String key = minted.path("value");
        asOwner().get(keys + "/" + minted.path("id")).then().statusCode(200)
                .body("object", equalTo("organization.project.api_key")).body("owner.user.role", equalTo("admin"));
        asOwner().delete(keys + "/" + minted.path("id")).then().statusCode(200)
                .body("object", equalTo("organization.project.api_key.deleted")).body("deleted", equalTo(true));
        assertError(as(key).get(PROJECTS + "/" + projectId), 401, "invalid_api_key", null);
        assertError(asOwner().get(keys + "/" + minted.path("id")), 404, "not_found", null);
    }

    @Test
    void paginatesProjectUsersAndKeys() {
        String projectId = createProject("many");
        for (int i = 0; i < 3; i++) {
            String user = addUser("m" + i + "@example.com", "reader");
            addToProject(projectId, user, "member");
            projectKey(projectId, user);
        }
        for (String collection : new String[] {"/users", "/api_keys"}) {
            Response first = asOwner().queryParam("limit", 2).get(PROJECTS + "/" + projectId + collection);
            first.then().statusCode(200).body("data", hasSize(2)).body("has_more", equalTo(true));
            asOwner().queryParam("limit", 2).queryParam("after", first.<String>path("last_id")).get(PROJECTS + "/" + projectId + collection)
                    .then().statusCode(200).body("data", hasSize(1)).body("has_more", equalTo(false));
        }
    }
}
