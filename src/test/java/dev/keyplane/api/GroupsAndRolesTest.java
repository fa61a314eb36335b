package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class GroupsAndRolesTest extends ApiTest {

    @Test
    void groupLifecycleWithMembers() {
        Response created = asOwner().body(Map.of("name", "Platform")).post(GROUPS);
        created.then().statusCode(200).body("id", startsWith("grp_")).body("name", equalTo("Platform"))
                .body("is_scim_managed", equalTo(false)).body("group_type", equalTo("group"));
        String groupId = created.path("id");
        assertError(asOwner().body(Map.of("name", "platform")).post(GROUPS), 409, "group_exists", "name");
        asOwner().body(Map.of("name", "Platform Team")).post(GROUPS + "/" + groupId).then().statusCode(200)
                .body("name", equalTo("Platform Team")).body("is_scim_managed", equalTo(false));
        asOwner().get(GROUPS).then().statusCode(200).body("data", hasSize(1)).body("next", nullValue());

        String ada = addUser("ada@example.com", "reader");
        asOwner().body(Map.of("user_id", ada)).post(GROUPS + "/" + groupId + "/users").then().statusCode(200)
                .body("object", equalTo("group.user")).body("user_id", equalTo(ada)).body("group_id", equalTo(groupId));
        assertError(asOwner().body(Map.of("user_id", ada)).post(GROUPS + "/" + groupId + "/users"), 409, "already_member", "user_id");
        asOwner().get(GROUPS + "/" + groupId + "/users").then().statusCode(200).body("data", hasSize(1)).body("data[0].id", equalTo(ada));
        asOwner().get(GROUPS + "/" + groupId + "/users/" + ada).then().statusCode(200)
                .body("email", equalTo("ada@example.com")).body("user_type", equalTo("user"));
        asOwner().delete(GROUPS + "/" + groupId + "/users/" + ada).then().statusCode(200)
                .body("object", equalTo("group.user.deleted")).body("deleted", equalTo(true));
        assertError(asOwner().get(GROUPS + "/" + groupId + "/users/" + ada), 404, "not_found", null);

        asOwner().delete(GROUPS + "/" + groupId).then().statusCode(200)
                .body("object", equalTo("group.deleted")).body("id", equalTo(groupId)).body("deleted", equalTo(true));
        assertError(asOwner().get(GROUPS + "/" + groupId), 404, "not_found", null);
    }

    @Test
    void aProjectGroupGivesItsUsersTheProjectRole() {
        String projectId = createProject("shared");
        String groupId = asOwner().body(Map.of("name", "Ops")).post(GROUPS).then().statusCode(200).extract().path("id");
        String ada = addUser("ada@example.com", "reader");
        asOwner().body(Map.of("user_id", ada)).post(GROUPS + "/" + groupId + "/users").then().statusCode(200);
        // without membership no project key can be minted
        assertError(asOwner().body(Map.of("user_id", ada)).post(PROJECTS + "/" + projectId + "/api_keys"), 409, "not_a_member", "user_id");

        asOwner().body(Map.of("group_id", groupId, "role", "admin")).post(PROJECTS + "/" + projectId + "/groups").then().statusCode(200)
                .body("object", equalTo("project.group")).body("project_id", equalTo(projectId))
                .body("group_id", equalTo(groupId)).body("group_name", equalTo("Ops")).body("role", equalTo("admin"));
        assertError(asOwner().body(Map.of("group_id", groupId, "role", "member")).post(PROJECTS + "/" + projectId + "/groups"),
                409, "already_member", "group_id");
        asOwner().get(PROJECTS + "/" + projectId + "/groups").then().statusCode(200).body("data", hasSize(1));
        asOwner().get(PROJECTS + "/" + projectId + "/groups/" + groupId).then().statusCode(200).body("role", equalTo("admin"));

        String key = projectKey(projectId, ada);
        // admin through the group: manages members and edits the project, but cannot archive or delete it
        as(key).get(PROJECTS + "/" + projectId + "/users").then().statusCode(200);
        as(key).body(Map.of("description", "edited by an admin")).post(PROJECTS + "/" + projectId).then().statusCode(200);
        assertError(as(key).post(PROJECTS + "/" + projectId + "/archive"), 403, "insufficient_permissions", null);
        assertError(as(key).delete(PROJECTS + "/" + projectId), 403, "insufficient_permissions", null);

        // leaving the group takes the access away at once
        asOwner().delete(GROUPS + "/" + groupId + "/users/" + ada).then().statusCode(200);
        assertError(as(key).get(PROJECTS + "/" + projectId), 401, "invalid_api_key", null);
        asOwner().body(Map.of("user_id", ada)).post(GROUPS + "/" + groupId + "/users").then().statusCode(200);
        as(key).get(PROJECTS + "/" + projectId).then().statusCode(200);

        asOwner().delete(PROJECTS + "/" + projectId + "/groups/" + groupId).then().statusCode(200)
                .body("object", equalTo("project.group.deleted")).body("deleted", equalTo(true));
        assertError(as(key).get(PROJECTS + "/" + projectId), 401, "invalid_api_key", null);
        assertError(asOwner().body(Map.of("group_id", groupId, "role", "boss")).post(PROJECTS + "/" + projectId + "/groups"),
                400, "invalid_value", "role");
    }

    @Test
    void predefinedRolesAreListedAndFixed() {
        Response roles = asOwner().get(ROLES);
        roles.then().statusCode(200).body("object", equalTo("list"))
                .body("data.name", hasItem("owner")).body("data.name", hasItem("reader"))
                .body("data.name", hasItem("admin")).body("data.name", hasItem("member"))
                .body("data[0].predefined_role", equalTo(true))
                .body("data[0].resource_type", equalTo("api.organization"));
        String ownerRole = roles.path("data[0].id");
        asOwner().get(ROLES + "/" + ownerRole).then().statusCode(200).body("name", equalTo("owner"));
        assertError(asOwner().body(Map.of("description", "mine now")).post(ROLES + "/" + ownerRole), 409, "role_predefined", null);
        assertError(asOwner().delete(ROLES + "/" + ownerRole), 409, "role_predefined", null);
        assertError(asOwner().body(Map.of("role_id", ownerRole)).post(USERS + "/" + ownerUserId() + "/roles"), 400, "invalid_value", "role_id");
    }

    @Test
    void customRolesGrantPermissionsToUsersAndGroups() {
        Response created = asOwner().body(Map.of("role_name", "Project creator", "permissions", List.of("projects.write", "projects.read"),
                "description", "may create projects")).post(ROLES);
        created.then().statusCode(200).body("object", equalTo("role")).body("id", startsWith("role_"))
                .body("predefined_role", equalTo(false)).body("resource_type", equalTo("api.organization"))
                .body("permissions", hasSize(2));
        String roleId = created.path("id");
        assertError(asOwner().body(Map.of("role_name", "project CREATOR", "permissions", List.of())).post(ROLES), 409, "role_exists", "role_name");
        assertError(asOwner().body(Map.of("role_name", "owner", "permissions", List.of())).post(ROLES), 409, "role_exists", "role_name");
        assertError(asOwner().body(Map.of("role_name", "x", "permissions", List.of("projects.fly"))).post(ROLES), 400, "invalid_value", "permissions[0]");
        assertError(asOwner().body(Map.of("role_name", "x", "permissions", List.of("organizations.manage"))).post(ROLES), 400, "invalid_value", "permissions[0]");
        assertError(asOwner().body(Map.of("permissions", List.of())).post(ROLES), 400, "invalid_value", "role_name");

        // a reader with the custom role may create projects
        String reader = addUser("reader@example.com", "reader");
        String readersKey = mintAdminKeyFor(reader);
        assertError(as(readersKey).body(Map.of("name", "x")).post(PROJECTS), 403, "insufficient_permissions", null);
        asOwner().body(Map.of("role_id", roleId)).post(USERS + "/" + reader + "/roles").then().statusCode(200)
                .body("object", equalTo("user.role")).body("user.id", equalTo(reader)).body("role.id", equalTo(roleId));
        assertError(asOwner().body(Map.of("role_id", roleId)).post(USERS + "/" + reader + "/roles"), 409, "already_assigned", "role_id");
        as(readersKey).body(Map.of("name", "made by a reader")).post(PROJECTS).then().statusCode(200);
        asOwner().get(USERS + "/" + reader + "/roles").then().statusCode(200).body("data", hasSize(1))
                .body("data[0].id", equalTo(roleId)).body("next", nullValue());
        asOwner().get(USERS + "/" + reader + "/roles/" + roleId).then().statusCode(200).body("name", equalTo("Project creator"));
        asOwner().delete(USERS + "/" + reader + "/roles/" + roleId).then().statusCode(200)
                .body("object", equalTo("user.role.deleted")).body("deleted", equalTo(true));
        assertError(as(readersKey).body(Map.of("name", "x")).post(PROJECTS), 403, "insufficient_permissions", null);

        // the same through a group
        String groupId = asOwner().body(Map.of("name", "Creators")).post(GROUPS).then().statusCode(200).extract().path("id");
        asOwner().body(Map.of("user_id", reader)).post(GROUPS + "/" + groupId + "/users").then().statusCode(200);
        asOwner().body(Map.of("role_id", roleId)).post(GROUPS + "/" + groupId + "/roles").then().statusCode(200)
                .body("object", equalTo("group.role")).body("group.id", equalTo(groupId)).body("role.id", equalTo(roleId));
        as(readersKey).body(Map.of("name", "via group")).post(PROJECTS).then().statusCode(200);
        asOwner().get(GROUPS + "/" + groupId + "/roles").then().statusCode(200).body("data", hasSize(1));
        asOwner().get(GROUPS + "/" + groupId + "/roles/" + roleId).then().statusCode(200).body("id", equalTo(roleId));

        // changing the role's permissions applies at once
        asOwner().body(Map.of("permissions", List.of("projects.read"))).post(ROLES + "/" + roleId).then().statusCode(200)
                .body("permissions", hasSize(1));
        assertError(as(readersKey).body(Map.of("name", "x")).post(PROJECTS), 403, "insufficient_permissions", null);
        asOwner().delete(GROUPS + "/" + groupId + "/roles/" + roleId).then().statusCode(200).body("object", equalTo("group.role.deleted"));

        asOwner().delete(ROLES + "/" + roleId).then().statusCode(200)
                .body("object", equalTo("role.deleted")).body("id", equalTo(roleId)).body("deleted", equalTo(true));
        assertError(asOwner().get(ROLES + "/" + roleId), 404, "not_found", null);
    }

    @Test
    void rolesPaginateAcrossPredefinedAndCustom() {
        for (int i = 0; i < 3; i++) {
            asOwner().body(Map.of("role_name", "custom " + i, "permissions", List.of("users.read"))).post(ROLES).then().statusCode(200);
        }
        List<String> all = new java.util.ArrayList<>();
        String after = null;
        do {
            var spec = asOwner().queryParam("limit", 3);
            if (after != null) {
                spec = spec.queryParam("after", after);
            }
            Response page = spec.get(ROLES);
            page.then().statusCode(200);
            all.addAll(page.path("data.id"));
            after = page.path("next");
        } while (after != null);
        assertEquals(8, all.size());
        assertEquals(all.stream().sorted().toList(), all);
        List<String> desc = asOwner().queryParam("order", "desc").queryParam("limit", 100).get(ROLES).path("data.id");
        List<String> reversed = new java.util.ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, desc);
    }

    /** An admin key owned by another member (owners may mint keys for members, an extension). */
    private String mintAdminKeyFor(String userId) {
        return asOwner().body(Map.of("name", "member key", "owner_user_id", userId)).post(ADMIN_KEYS)
                .then().statusCode(200).body("owner.id", equalTo(userId)).extract().path("value");
    }
}
