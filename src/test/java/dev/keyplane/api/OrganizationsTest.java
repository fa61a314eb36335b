package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class OrganizationsTest extends ApiTest {

    @Test
    void systemKeyCreatesOrganizationsWithAWorkingOwnerKey() {
        Response created = asSystem().body(Map.of("name", "Acme", "owner_email", "ops@acme.example", "owner_name", "Ops"))
                .post(ORGANIZATIONS);
        created.then().statusCode(200)
                .body("object", equalTo("organization"))
                .body("id", startsWith("org_"))
                .body("name", equalTo("Acme"))
                .body("admin_key.object", equalTo("organization.admin_api_key"))
                .body("admin_key.value", startsWith("sk-admin-"))
                .body("admin_key.owner.role", equalTo("owner"))
                .body("admin_key.owner.name", equalTo("Ops"));
        String key = created.path("admin_key.value");
        as(key).get(PROJECTS).then().statusCode(200).body("data.size()", equalTo(0));
        as(key).get(ADMIN_KEYS).then().statusCode(200).body("data.size()", equalTo(1));

        asSystem().queryParam("limit", 100).get(ORGANIZATIONS).then().statusCode(200)
                .body("object", equalTo("list"));
        List<String> all = pageThrough();
        assertTrue(all.contains(created.<String>path("id")));
        assertTrue(all.contains(organizationId));
    }

    @Test
    void organizationCreateIsIdempotent() {
        Response first = asSystem().header("Idempotency-Key", "tenant-7").body(Map.of("name", "Tenant 7")).post(ORGANIZATIONS);
        first.then().statusCode(200);
        Response again = asSystem().header("Idempotency-Key", "tenant-7").body(Map.of("name", "Tenant 7")).post(ORGANIZATIONS);
        again.then().statusCode(200).header("Idempotent-Replayed", equalTo("true"))
                .body("id", equalTo(first.path("id")))
                .body("admin_key.value", equalTo(first.path("admin_key.redacted_value")));
    }

    @Test
    void rejectsInvalidOrganizations() {
        assertError(asSystem().body(Map.of()).post(ORGANIZATIONS), 400, "invalid_value", "name");
        assertError(asSystem().body(Map.of("name", "x", "owner_email", "not-an-email")).post(ORGANIZATIONS), 400, "invalid_value", "owner_email");
        assertError(asSystem().body(Map.of("name", "x", "plan", "gold")).post(ORGANIZATIONS), 400, "invalid_value", "plan");
    }

    private List<String> pageThrough() {
        List<String> ids = new java.util.ArrayList<>();
        String after = null;
        while (true) {
            var spec = asSystem().queryParam("limit", 100);
            if (after != null) {
                spec = spec.queryParam("after", after);
            }
            Response page = spec.get(ORGANIZATIONS);
            page.then().statusCode(200);
            ids.addAll(page.path("data.id"));
            if (!page.<Boolean>path("has_more")) {
                return ids;
            }
            after = page.path("last_id");
        }
    }

}
