package dev.keyplane.api;

import dev.keyplane.common.QuotaKind;
import dev.keyplane.support.ApiTest;
import dev.keyplane.support.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Quotas: each one refuses the create past its limit, in every dialect's envelope; overrides; the concurrent race. */
@QuarkusTest
class QuotasTest extends ApiTest {

    static final String QUOTAS = "/v1/organization/quotas";

    @Inject
    Pool pool;

    private String operatorQuotas() {
        return ORGANIZATIONS + "/" + organizationId + "/quotas";
    }

    private void override(Map<String, Object> overrides) {
        asSystem().body(overrides).post(operatorQuotas()).then().statusCode(200);
    }

    private static void assertQuotaExceeded(Response response, String quota) {
        assertError(response, 409, "quota_exceeded", null);
        response.then().body("error.message", containsString("Quota '" + quota + "' reached"));
    }

    @Test
    void theRepeatableMigrationDefinesTheQuotasAsQuotaKindLists() {
        // R__quotas.sql ran on this fresh database, after the versioned migrations
        Row applied = pool.query("""
                SELECT success, installed_rank > (SELECT max(installed_rank) FROM flyway_schema_history WHERE version IS NOT NULL) AS last
                FROM flyway_schema_history WHERE script = 'db/migration/R__quotas.sql' ORDER BY installed_rank DESC LIMIT 1""").execute().await().indefinitely().iterator().next();
        assertEquals(true, applied.getBoolean("success"));
        assertEquals(true, applied.getBoolean("last"));
        // one SQLSTATE per quota, the same in SQL and in Java
        Map<String, String> inSql = new HashMap<>();
        pool.query("SELECT quota, quota_sqlstate(quota) AS state FROM quota_defaults").execute().await().indefinitely()
                .forEach(row -> inSql.put(row.getString("quota"), row.getString("state")));
        Map<String, String> inJava = new HashMap<>();
        for (QuotaKind quota : QuotaKind.values()) {
            inJava.put(quota.wireName(), quota.sqlState());
        }
        assertEquals(inJava, inSql);
        // nine counting triggers, deferred to the commit, and the immediate one that forgets a deleted project's counters
        Row triggers = pool.query("""
                SELECT count(*) FILTER (WHERE tgdeferrable AND tginitdeferred) AS deferred, count(*) AS total
                FROM pg_trigger WHERE tgname LIKE '%quota%' AND NOT tgisinternal""").execute().await().indefinitely().iterator().next();
        assertEquals(9, triggers.getLong("deferred"));
        assertEquals(10, triggers.getLong("total"));
    }

    @Test
    void theOrganizationReadsItsLimitsAndUsage() {
        createProject("a");
        createProject("b");
        asOwner().get(QUOTAS).then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data", hasSize(7))
                .body("data.name", equalTo(List.of("projects", "keys_per_project", "members_per_project",
                        "service_accounts_per_project", "resources_per_project", "webhooks", "certificates")))
                .body("data[0].object", equalTo("organization.quota"))
                .body("data[0].scope", equalTo("organization"))
                .body("data[0].limit", equalTo(1000))
                .body("data[0].default_limit", equalTo(1000))
                .body("data[0].override", nullValue())
                .body("data[0].usage", equalTo(2))
                .body("data[0].usage_scope_id", equalTo(organizationId))
                .body("data[1].usage", equalTo(0));
        // readers see the quotas; project keys do not
        as(createAdminKey("r", "reader")).get(QUOTAS).then().statusCode(200);
        String project = createProject("c");
        assertError(as(serviceAccountKey(project, "owner")).get(QUOTAS), 403, "insufficient_permissions", null);
        asOwner().get(QUOTAS).then().body("data[1].usage", equalTo(1)).body("data[1].usage_scope_id", equalTo(project));
    }

    @Test
    void theOperatorOverridesAndClears() {
        asSystem().get(operatorQuotas()).then().statusCode(200).body("data", hasSize(7));
        Map<String, Object> body = new HashMap<>();
        body.put("projects", 3);
        body.put("webhooks", 0);
        asSystem().body(body).post(operatorQuotas()).then().statusCode(200)
                .body("data[0].limit", equalTo(3)).body("data[0].override", equalTo(3)).body("data[0].default_limit", equalTo(1000))
                .body("data[5].limit", equalTo(0));
        body.clear();
        body.put("projects", null);
        asSystem().body(body).post(operatorQuotas()).then().statusCode(200)
                .body("data[0].limit", equalTo(1000)).body("data[0].override", nullValue())
                .body("data[5].limit", equalTo(0)); // left as it was

        assertError(asSystem().body(Map.of("planets", 3)).post(operatorQuotas()), 400, "invalid_value", "planets");
        assertError(asSystem().body(Map.of("projects", -1)).post(operatorQuotas()), 400, "invalid_value", "projects");
        assertError(asSystem().body(Map.of("projects", "many")).post(operatorQuotas()), 400, "invalid_value", "projects");
        assertError(asSystem().body(Map.of()).post(operatorQuotas()), 400, "invalid_value", null);
        assertError(asSystem().get(ORGANIZATIONS + "/org_00000000000000000000000000/quotas"), 404, "not_found", null);
        assertError(asSystem().get(ORGANIZATIONS + "/nope/quotas"), 404, "not_found", null);
        assertError(asOwner().body(Map.of("projects", 1_000_000)).post(operatorQuotas()), 403, "insufficient_permissions", null);
    }

    @Test
    void projectsInEveryDialect() {
        override(Map.of("projects", 1));
        createProject("the one");
        assertQuotaExceeded(asOwner().body(Map.of("name", "two")).post(PROJECTS), "projects");
        assertSeedError(asOwner().body(Map.of("name", "two")).post("/machine/projects"), 409, "quota_exceeded", "Quota 'projects' reached");
        assertSeedError(asOwner().body(Map.of("name", "two")).post("/projects"), 409, "quota_exceeded", "Quota 'projects' reached");
        assertSeedError(asOwner().body(Map.of("name", "two")).post("/api/v1/machine/project"), 409, "quota_exceeded", "Quota 'projects' reached");
        asOwner().queryParam("event_types[]", "project.created").get(AuditLogTest.AUDIT).then().body("data", hasSize(1));

        // deleting frees the room again
        String only = asOwner().get(PROJECTS).then().extract().path("data[0].id");
        asOwner().delete(PROJECTS + "/" + only).then().statusCode(200);
        createProject("room again");
    }

    @Test
    void eachProjectQuota() {
        String project = createProject("p");
        String base = PROJECTS + "/" + project;
        override(Map.of("keys_per_project", 1, "members_per_project", 1, "service_accounts_per_project", 2,
                "resources_per_project", 1, "webhooks", 1));

        // a service account comes with a key: the second one's key is refused, and so the account
        asOwner().body(Map.of("name", "bot")).post(base + "/service_accounts").then().statusCode(200);
        assertQuotaExceeded(asOwner().body(Map.of("name", "bot2")).post(base + "/service_accounts"), "keys_per_project");
        asOwner().get(base + "/service_accounts").then().body("data", hasSize(1));

        String ada = addUser("ada@example.com", "reader");
        String bob = addUser("bob@example.com", "reader");
        addToProject(project, ada, "member");
        assertQuotaExceeded(asOwner().body(Map.of("user_id", bob, "role", "member")).post(base + "/users"), "members_per_project");

        asOwner().body(Map.of("kind", "vault", "name", "v")).post(base + "/resources").then().statusCode(200);
        assertQuotaExceeded(asOwner().body(Map.of("kind", "vault", "name", "w")).post(base + "/resources"), "resources_per_project");

        asOwner().body(Map.of("url", "https://93.184.215.14/h")).post(base + "/webhooks").then().statusCode(200);
        assertQuotaExceeded(asOwner().body(Map.of("url", "https://93.184.215.14/i")).post(base + "/webhooks"), "webhooks");
        // the organization's own webhooks count apart from the project's
        asOwner().body(Map.of("url", "https://93.184.215.14/j")).post("/v1/organization/webhooks").then().statusCode(200);
        assertQuotaExceeded(asOwner().body(Map.of("url", "https://93.184.215.14/k")).post("/v1/organization/webhooks"), "webhooks");

        // another project has room of its own
        String other = createProject("q");
        asOwner().body(Map.of("kind", "vault", "name", "v")).post(PROJECTS + "/" + other + "/resources").then().statusCode(200);

        // certificates: per organization
        override(Map.of("certificates", 1));
        asOwner().body(Map.of("certificate", TestCertificates.rsa("q1"))).post("/v1/organization/certificates").then().statusCode(200);
        assertQuotaExceeded(asOwner().body(Map.of("certificate", TestCertificates.rsa("q2"))).post("/v1/organization/certificates"),
                "certificates");
        asOwner().get(QUOTAS).then().body("data.find { it.name == 'resources_per_project' }.usage", equalTo(1))
                .body("data.find { it.name == 'keys_per_project' }.limit", equalTo(1));
    }

    @Test
    void twentyConcurrentCreatesAtTheLimitYieldOneSuccess() throws Exception {
        createProject("one");
        createProject("two");
        override(Map.of("projects", 3));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(pool.submit(() -> asOwner().body(Map.of("name", "racer " + n)).post(PROJECTS).statusCode()));
            }
            int created = 0;
            int refused = 0;
            for (Future<Integer> r : results) {
                int status = r.get();
                if (status == 200) {
                    created++;
                } else if (status == 409) {
                    refused++;
                }
            }
            assertEquals(1, created, "exactly one create fits");
            assertEquals(19, refused, "the others are refused with 409");
        } finally {
            pool.shutdownNow();
        }
        asOwner().get(PROJECTS).then().body("data", hasSize(3));
        asOwner().get(QUOTAS).then().body("data[0].usage", equalTo(3));
    }
}
