package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every kind of key against every family of operations: the status each must get. Read operations
 * expect 200, writes 200 (or another 2xx-free success code the family answers with), denials 403 and,
 * for keys confined to another project, 404.
 */
@QuarkusTest
class PermissionMatrixTest extends ApiTest {

    /** An operation family: how to call it against the fixture project, and whether it is a write. */
    private record Operation(String name, BiFunction<RequestSpecification, Fixture, Response> call) {}

    private record Fixture(String projectId, String otherProjectId, String userId) {}

    private static final int OK = 200;
    private static final int FORBIDDEN = 403;
    private static final int NOT_FOUND = 404;

    @Test
    void eachRoleAgainstEachOperationFamily() {
        String projectId = createProject("matrix");
        String otherProjectId = createProject("other");
        String memberUser = addUser("member@example.com", "reader");
        String adminUser = addUser("admin@example.com", "reader");
        String ownerUser = addUser("owner@example.com", "reader");
        addToProject(projectId, memberUser, "member");
        addToProject(projectId, adminUser, "admin");
        addToProject(projectId, ownerUser, "owner");
        Fixture f = new Fixture(projectId, otherProjectId, memberUser);

        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("org owner", ownerKey);
        keys.put("org reader", createAdminKey("reader", "reader"));
        keys.put("project owner", projectKey(projectId, ownerUser));
        keys.put("project admin", projectKey(projectId, adminUser));
        keys.put("project member", projectKey(projectId, memberUser));
        keys.put("svc owner", serviceAccountKey(projectId, "owner"));
        keys.put("svc member", serviceAccountKey(projectId, "member"));
        keys.put("svc none", serviceAccountKey(projectId, "none"));

        List<Operation> operations = List.of(
                new Operation("list projects", (r, x) -> r.get(PROJECTS)),
                new Operation("read project", (r, x) -> r.get(PROJECTS + "/" + x.projectId())),
                new Operation("read other project", (r, x) -> r.get(PROJECTS + "/" + x.otherProjectId())),
                new Operation("modify project", (r, x) -> r.body(Map.of("description", "d")).post(PROJECTS + "/" + x.projectId())),
                new Operation("create project", (r, x) -> r.body(Map.of("name", "n")).post(PROJECTS)),
                new Operation("list project users", (r, x) -> r.get(PROJECTS + "/" + x.projectId() + "/users")),
                new Operation("modify project user", (r, x) -> r.body(Map.of("role", "member"))
                        .post(PROJECTS + "/" + x.projectId() + "/users/" + x.userId())),
                new Operation("list service accounts", (r, x) -> r.get(PROJECTS + "/" + x.projectId() + "/service_accounts")),
                new Operation("create service account", (r, x) -> r.body(Map.of("name", "s", "create_service_account_only", true))
                        .post(PROJECTS + "/" + x.projectId() + "/service_accounts")),
                new Operation("list project keys", (r, x) -> r.get(PROJECTS + "/" + x.projectId() + "/api_keys")),
                new Operation("list users", (r, x) -> r.get(USERS)),
                new Operation("add user", (r, x) -> r.body(Map.of("email", "n" + System.nanoTime() + "@example.com")).post(USERS)),
                new Operation("list admin keys", (r, x) -> r.get(ADMIN_KEYS)),
                new Operation("list groups", (r, x) -> r.get(GROUPS)),
                new Operation("create group", (r, x) -> r.body(Map.of("name", "g" + System.nanoTime())).post(GROUPS)),
                new Operation("list roles", (r, x) -> r.get(ROLES)),
                new Operation("list invites", (r, x) -> r.get(INVITES)),
                new Operation("list organizations", (r, x) -> r.get(ORGANIZATIONS)));

        // expected[key] = statuses in the order of `operations`
        Map<String, int[]> expected = new LinkedHashMap<>();
        //                                lsP rdP oth mod crP lPU mPU lSA cSA lPK lU  aU  lAK lG  cG  lR  lI  lO
        expected.put("org owner", new int[] {OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, 403});
        expected.put("org reader", new int[] {OK, OK, OK, 403, 403, OK, 403, OK, 403, OK, OK, 403, OK, OK, 403, OK, OK, 403});
        expected.put("project owner", new int[] {403, OK, 404, OK, 403, OK, OK, OK, OK, OK, 403, 403, 403, 403, 403, 403, 403, 403});
        expected.put("project admin", new int[] {403, OK, 404, OK, 403, OK, OK, OK, OK, OK, 403, 403, 403, 403, 403, 403, 403, 403});
        expected.put("project member", new int[] {403, OK, 404, 403, 403, OK, 403, OK, 403, OK, 403, 403, 403, 403, 403, 403, 403, 403});
        expected.put("svc owner", new int[] {403, OK, 404, OK, 403, OK, OK, OK, OK, OK, 403, 403, 403, 403, 403, 403, 403, 403});
        expected.put("svc member", new int[] {403, OK, 404, 403, 403, OK, 403, OK, 403, OK, 403, 403, 403, 403, 403, 403, 403, 403});
        expected.put("svc none", new int[] {403, 403, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403});

        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> key : keys.entrySet()) {
            int[] statuses = expected.get(key.getKey());
            assertEquals(operations.size(), statuses.length, key.getKey());
            for (int i = 0; i < operations.size(); i++) {
                Operation op = operations.get(i);
                Response response = op.call().apply(as(key.getValue()), f);
                if (response.statusCode() != statuses[i]) {
                    mismatches.add(key.getKey() + " / " + op.name() + ": expected " + statuses[i] + ", got "
                            + response.statusCode() + " " + response.asString());
                } else if (statuses[i] == FORBIDDEN) {
                    assertError(response, FORBIDDEN, "insufficient_permissions", null);
                } else if (statuses[i] == NOT_FOUND) {
                    assertError(response, NOT_FOUND, "not_found", null);
                }
            }
        }
        assertEquals(List.of(), mismatches);
    }
}
