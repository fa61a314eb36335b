package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the reference contract documents an answer, the primary dialect gives that answer. */
@QuarkusTest
class ReferenceContractTest extends ApiTest {

    @Test
    void theReferencesOwnExampleIdsAreNotFoundWhateverTheirShape() {
        String project = createProject("p");
        assertError(asOwner().get(USERS + "/user_abc"), 404, "not_found", null);
        assertError(asOwner().get(PROJECTS + "/proj_doesnotexist000000000000"), 404, "not_found", null);
        assertError(asOwner().get(ADMIN_KEYS + "/key_abc"), 404, "not_found", null);
        assertError(asOwner().get(PROJECTS + "/" + project + "/api_keys/key_abc"), 404, "not_found", null);
        assertError(asOwner().body(Map.of("max_requests_per_1_minute", 1)).post(PROJECTS + "/" + project + "/rate_limits/rl_xxx"),
                404, "not_found", null);
        assertError(asOwner().get(PROJECTS + "/" + project + "/service_accounts/svc_acct_abc"), 404, "not_found", null);
        assertError(asOwner().get(GROUPS + "/group_01J1F8ABCDXYZ"), 404, "not_found", null);
        assertError(asOwner().delete(INVITES + "/invite-abc"), 404, "not_found", null);
        assertError(asOwner().get(ROLES + "/role_01J1F8ROLE01"), 404, "not_found", null);
    }

    @Test
    void aServiceAccountsKeyIsNotDeletedThroughTheProjectsKeys() {
        String project = createProject("p");
        Response account = asOwner().body(Map.of("name", "bot")).post(PROJECTS + "/" + project + "/service_accounts");
        String keyId = account.path("api_key.id");
        assertError(asOwner().delete(PROJECTS + "/" + project + "/api_keys/" + keyId), 400, "invalid_value", "key_id");
        as(account.<String>path("api_key.value")).get(PROJECTS + "/" + project).then().statusCode(200);
        // a member's key is deleted there, as before
        String ada = addUser("ada@example.com", "reader");
        addToProject(project, ada, "member");
        String adasKey = projectKey(project, ada);
        String adasKeyId = asOwner().queryParam("owner_project_access", "any").get(PROJECTS + "/" + project + "/api_keys")
                .then().extract().path("data.find { it.owner.type == 'user' }.id");
        asOwner().delete(PROJECTS + "/" + project + "/api_keys/" + adasKeyId).then().statusCode(200);
        assertError(as(adasKey).get(PROJECTS + "/" + project), 401, "invalid_api_key", null);
    }

    @Test
    void rateLimitsPageBackwardsWithBefore() {
        String project = createProject("p");
        String limits = PROJECTS + "/" + project + "/rate_limits";
        List<String> ids = new ArrayList<>();
        for (String model : List.of("a", "b", "c", "d")) {
            ids.add(asOwner().body(Map.of("model", model, "max_requests_per_1_minute", 1, "max_tokens_per_1_minute", 1))
                    .post(limits).then().statusCode(200).extract().path("id"));
        }
        Response before = asOwner().queryParam("before", ids.get(3)).queryParam("limit", 2).get(limits);
        before.then().statusCode(200).body("has_more", equalTo(true))
                .body("first_id", equalTo(ids.get(1))).body("last_id", equalTo(ids.get(2)));
        assertEquals(ids.subList(1, 3), before.path("data.id"));
        Response first = asOwner().queryParam("before", ids.get(1)).get(limits);
        first.then().body("has_more", equalTo(false));
        assertEquals(ids.subList(0, 1), first.path("data.id"));
        assertError(asOwner().queryParam("before", "nope").get(limits), 400, "invalid_value", "before");
        assertError(asOwner().queryParam("before", ids.get(1)).queryParam("after", ids.get(0)).get(limits), 400, "invalid_value", "before");
        asOwner().get(limits).then().body("data", hasSize(4));
    }

    @Test
    void listLimitsAndOrdersAreTheReferences() {
        String group = asOwner().body(Map.of("name", "g")).post(GROUPS).then().statusCode(200).extract().path("id");
        String ada = addUser("ada@example.com", "reader");
        String bob = addUser("bob@example.com", "reader");
        asOwner().body(Map.of("user_id", ada)).post(GROUPS + "/" + group + "/users").then().statusCode(200);
        asOwner().body(Map.of("user_id", bob)).post(GROUPS + "/" + group + "/users").then().statusCode(200);
        // group users: newest first unless told otherwise
        asOwner().get(GROUPS + "/" + group + "/users").then().statusCode(200).body("data.id", equalTo(List.of(bob, ada)));
        asOwner().queryParam("order", "asc").get(GROUPS + "/" + group + "/users").then().body("data.id", equalTo(List.of(ada, bob)));
        // groups and their users take limit 0 to 1000
        asOwner().queryParam("limit", 1000).get(GROUPS).then().statusCode(200);
        asOwner().queryParam("limit", 0).get(GROUPS).then().statusCode(200).body("data", hasSize(0)).body("has_more", equalTo(true));
        assertError(asOwner().queryParam("limit", 1001).get(GROUPS), 400, "invalid_value", "limit");
        assertError(asOwner().queryParam("limit", 1001).get(GROUPS + "/" + group + "/users"), 400, "invalid_value", "limit");
        // roles: up to 1000, all of them by default
        asOwner().queryParam("limit", 1000).get(ROLES).then().statusCode(200).body("has_more", equalTo(false));
        assertError(asOwner().queryParam("limit", 1001).get(ROLES), 400, "invalid_value", "limit");
        // project groups: 0 to 100
        String project = createProject("p");
        asOwner().queryParam("limit", 100).get(PROJECTS + "/" + project + "/groups").then().statusCode(200);
        assertError(asOwner().queryParam("limit", 101).get(PROJECTS + "/" + project + "/groups"), 400, "invalid_value", "limit");
        // everything else: 1 to 100
        assertError(asOwner().queryParam("limit", 0).get(PROJECTS), 400, "invalid_value", "limit");
        assertError(asOwner().queryParam("limit", 101).get(USERS), 400, "invalid_value", "limit");
    }

    @Test
    void aProjectGroupsTypeIsGroupOrTenantGroup() {
        String project = createProject("p");
        String group = asOwner().body(Map.of("name", "g")).post(GROUPS).then().statusCode(200).extract().path("id");
        asOwner().body(Map.of("group_id", group, "role", "member")).post(PROJECTS + "/" + project + "/groups").then().statusCode(200);
        String path = PROJECTS + "/" + project + "/groups/" + group;
        asOwner().queryParam("group_type", "group").get(path).then().statusCode(200).body("group_type", equalTo("group"));
        assertError(asOwner().queryParam("group_type", "team").get(path), 400, "invalid_value", "group_type");
        assertError(asOwner().queryParam("group_type", "tenant_group").get(path), 404, "not_found", null);
    }
}
