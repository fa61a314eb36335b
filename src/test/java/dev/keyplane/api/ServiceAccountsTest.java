package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class ServiceAccountsTest extends ApiTest {

    @Test
    void serviceAccountLifecycle() {
        String projectId = createProject("bots");
        String accounts = PROJECTS + "/" + projectId + "/service_accounts";
        Response created = asOwner().body(Map.of("name", "deployer")).post(accounts);
        created.then().statusCode(200)
                .body("object", equalTo("organization.project.service_account"))
                .body("id", startsWith("svc_acct_"))
                .body("name", equalTo("deployer"))
                .body("role", equalTo("member"))
                .body("api_key.object", equalTo("organization.project.service_account.api_key"))
                .body("api_key.value", startsWith("sk-svcacct-"))
                .body("api_key.id", startsWith("key_"));
        String id = created.path("id");
        String key = created.path("api_key.value");

        // a service-account key works inside its project only
        as(key).get(PROJECTS + "/" + projectId).then().statusCode(200).body("id", equalTo(projectId));
        assertError(as(key).get(PROJECTS + "/" + createProject("elsewhere")), 404, "not_found", null);
        assertError(as(key).get(PROJECTS), 403, "insufficient_permissions", null);
        assertError(as(key).get(ADMIN_KEYS), 403, "insufficient_permissions", null);
        assertError(as(key).body(Map.of("name", "x")).post(PROJECTS + "/" + projectId), 403, "insufficient_permissions", null);

        asOwner().get(accounts).then().statusCode(200).body("data", hasSize(1));
        asOwner().get(accounts + "/" + id).then().statusCode(200).body("name", equalTo("deployer"));
        asOwner().body(Map.of("name", "deployer-2", "role", "owner")).post(accounts + "/" + id).then().statusCode(200)
                .body("name", equalTo("deployer-2")).body("role", equalTo("owner"));
        // now an owner: it may change its project
        as(key).body(Map.of("name", "renamed by bot")).post(PROJECTS + "/" + projectId).then().statusCode(200);

        Response second = asOwner().body(Map.of("name", "ci", "scopes", List.of("model.request"))).post(accounts + "/" + id + "/api_keys");
        second.then().statusCode(200).body("object", equalTo("organization.project.service_account.api_key"))
                .body("name", equalTo("ci")).body("value", startsWith("sk-svcacct-"));
        String secondKey = second.path("value");
        asOwner().get(PROJECTS + "/" + projectId + "/api_keys").then().statusCode(200).body("data", hasSize(2))
                .body("data[0].owner.type", equalTo("service_account"))
                .body("data[0].owner.service_account.id", equalTo(id));

        asOwner().delete(accounts + "/" + id).then().statusCode(200)
                .body("object", equalTo("organization.project.service_account.deleted")).body("id", equalTo(id)).body("deleted", equalTo(true));
        assertError(as(key).get(PROJECTS + "/" + projectId), 401, "invalid_api_key", null);
        assertError(as(secondKey).get(PROJECTS + "/" + projectId), 401, "invalid_api_key", null);
        asOwner().get(PROJECTS + "/" + projectId + "/api_keys").then().statusCode(200).body("data", hasSize(0));
        assertError(asOwner().get(accounts + "/" + id), 404, "not_found", null);
    }

    @Test
    void createWithoutKeyAndBadInput() {
        String projectId = createProject("quiet");
        String accounts = PROJECTS + "/" + projectId + "/service_accounts";
        asOwner().body(Map.of("name", "silent", "create_service_account_only", true)).post(accounts).then().statusCode(200)
                .body("api_key", nullValue());
        assertError(asOwner().body(Map.of()).post(accounts), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", "")).post(accounts), 400, "invalid_value", "name");
        String id = asOwner().get(accounts).then().extract().path("data[0].id");
        assertError(asOwner().body(Map.of("role", "emperor")).post(accounts + "/" + id), 400, "invalid_value", "role");
        assertError(asOwner().get(accounts + "/svc_acct_nope"), 404, "not_found", null);
        assertError(asOwner().get(accounts + "/svc_acct_01aaaaaaaaaaaaaaaaaaaaaaaa"), 404, "not_found", null);
        assertError(asOwner().get(PROJECTS + "/" + createProject("other") + "/service_accounts/" + id), 404, "not_found", null);
    }

    @Test
    void roleNoneKeysAuthenticateButMayDoNothing() {
        String projectId = createProject("none");
        String key = serviceAccountKey(projectId, "none");
        assertError(as(key).get(PROJECTS + "/" + projectId), 403, "insufficient_permissions", null);
    }

    @Test
    void archivingTheProjectStopsItsKeys() {
        String projectId = createProject("frozen");
        String key = serviceAccountKey(projectId, "member");
        as(key).get(PROJECTS + "/" + projectId).then().statusCode(200);
        asOwner().post(PROJECTS + "/" + projectId + "/archive").then().statusCode(200);
        assertError(as(key).get(PROJECTS + "/" + projectId), 401, "invalid_api_key", null);
        asOwner().post(PROJECTS + "/" + projectId + "/unarchive").then().statusCode(200);
        as(key).get(PROJECTS + "/" + projectId).then().statusCode(200);
    }
}
