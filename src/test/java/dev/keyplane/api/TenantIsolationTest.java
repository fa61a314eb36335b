package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** Every kind of object of another organization is "not found", never forbidden, never shown. */
@QuarkusTest
class TenantIsolationTest extends ApiTest {

    @Test
    void objectsOfAnotherOrganizationAreNotFound() {
        String projectId = createProject("mine");
        String userId = addUser("mine@example.com", "reader");
        addToProject(projectId, userId, "member");
        String keyId = asOwner().body(Map.of("user_id", userId)).post(PROJECTS + "/" + projectId + "/api_keys")
                .then().statusCode(200).extract().path("id");
        String serviceAccountId = asOwner().body(Map.of("name", "bot")).post(PROJECTS + "/" + projectId + "/service_accounts")
                .then().statusCode(200).extract().path("id");
        String groupId = asOwner().body(Map.of("name", "g")).post(GROUPS).then().statusCode(200).extract().path("id");
        String roleId = asOwner().body(Map.of("role_name", "r", "permissions", List.of("users.read"))).post(ROLES)
                .then().statusCode(200).extract().path("id");
        String inviteId = asOwner().body(Map.of("email", "invitee@example.com", "role", "reader")).post(INVITES)
                .then().statusCode(200).extract().path("id");

        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS)
                .then().statusCode(200).extract().path("admin_key.value");
        List<Response> attempts = List.of(
                as(stranger).get(USERS + "/" + userId),
                as(stranger).get(PROJECTS + "/" + projectId + "/users"),
                as(stranger).get(PROJECTS + "/" + projectId + "/api_keys/" + keyId),
                as(stranger).delete(PROJECTS + "/" + projectId + "/api_keys/" + keyId),
                as(stranger).get(PROJECTS + "/" + projectId + "/service_accounts/" + serviceAccountId),
                as(stranger).delete(PROJECTS + "/" + projectId + "/service_accounts/" + serviceAccountId),
                as(stranger).get(GROUPS + "/" + groupId),
                as(stranger).body(Map.of("user_id", userId)).post(GROUPS + "/" + groupId + "/users"),
                as(stranger).get(ROLES + "/" + roleId),
                as(stranger).delete(ROLES + "/" + roleId),
                as(stranger).get(INVITES + "/" + inviteId),
                as(stranger).post(INVITES + "/" + inviteId + "/accept"),
                as(stranger).body(Map.of("role_id", roleId)).post(USERS + "/" + userId + "/roles"));
        for (Response r : attempts) {
            assertError(r, 404, "not_found", null);
        }
        // the stranger's own user cannot be put into our group, nor ours into theirs
        String strangersGroup = as(stranger).body(Map.of("name", "theirs")).post(GROUPS).then().statusCode(200).extract().path("id");
        assertError(as(stranger).body(Map.of("user_id", userId)).post(GROUPS + "/" + strangersGroup + "/users"), 404, "not_found", null);
        assertError(as(stranger).body(Map.of("group_id", groupId, "role", "member")).post(PROJECTS + "/" + projectId + "/groups"), 404, "not_found", null);
        asOwner().get(PROJECTS + "/" + projectId + "/api_keys/" + keyId).then().statusCode(200);
    }

    @Test
    void aMemberKeyCannotManageMembers() {
        String projectId = createProject("p");
        String member = addUser("member@example.com", "reader");
        addToProject(projectId, member, "member");
        String key = projectKey(projectId, member);
        String other = addUser("other@example.com", "reader");
        assertError(as(key).body(Map.of("user_id", other, "role", "member")).post(PROJECTS + "/" + projectId + "/users"),
                403, "insufficient_permissions", null);
        assertError(as(key).body(Map.of("user_id", member)).post(PROJECTS + "/" + projectId + "/api_keys"),
                403, "insufficient_permissions", null);
        assertError(as(key).delete(PROJECTS + "/" + projectId + "/users/" + member), 403, "insufficient_permissions", null);
        assertError(as(key).body(Map.of("email", "x@example.com")).post(USERS), 403, "insufficient_permissions", null);
    }
}
