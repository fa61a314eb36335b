package dev.keyplane.api;

import dev.keyplane.audit.AuditEventTypes;
import dev.keyplane.support.ApiTest;
import dev.keyplane.support.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log: one row per change, in the change's transaction, for every family and dialect; filters, pages, export. */
@QuarkusTest
class AuditLogTest extends ApiTest {

    static final String AUDIT = "/v1/organization/audit_logs";

    /** Events of one type, Keyplane's extension types included. */
    private Response events(String type) {
        return asOwner().queryParam("event_types[]", type).queryParam("limit", 100).queryParam("include_extension_events", true).get(AUDIT);
    }

    private void assertLogged(String type, String resourceId) {
        events(type).then().statusCode(200).body("data.find { it.type == '" + type + "' }." + "'" + type + "'.id", equalTo(resourceId));
    }

    /**
     * Every type this organization's log holds is one webhooks can subscribe to (AuditEventTypes stays complete), and
     * what is listed by default is the reference's.
     */
    private void assertEveryTypeIsKnown() {
        List<String> types = asOwner().queryParam("limit", 100).queryParam("include_extension_events", true).get(AUDIT)
                .then().statusCode(200).extract().path("data.type");
        assertFalse(types.isEmpty());
        for (String type : types) {
            assertTrue(AuditEventTypes.ALL.contains(type), type + " is missing from AuditEventTypes.ALL");
        }
        List<String> shown = asOwner().queryParam("limit", 100).get(AUDIT).then().statusCode(200).extract().path("data.type");
        for (String type : shown) {
            assertTrue(AuditEventTypes.REFERENCE.contains(type), type + " is not a reference AuditLogEventType");
        }
    }

    @Test
    void projectEventsCarryTheActorAndPayload() {
        String ownerUser = ownerUserId();
        String project = asOwner().body(Map.of("name", "audited", "external_id", "ext-9")).post(PROJECTS).then().extract().path("id");
        Response created = events("project.created");
        created.then().statusCode(200).body("object", equalTo("list")).body("data", hasSize(1))
                .body("data[0].id", startsWith("audit_"))
                .body("data[0].type", equalTo("project.created"))
                .body("data[0].project.id", equalTo(project))
                .body("data[0].project.name", equalTo("audited"))
                .body("data[0].actor.type", equalTo("api_key"))
                .body("data[0].actor.api_key.type", equalTo("user"))
                .body("data[0].actor.api_key.id", startsWith("key_"))
                .body("data[0].actor.api_key.user.id", equalTo(ownerUser))
                .body("data[0].actor.api_key.user.email", equalTo("admin@keyplane.local"))
                .body("data[0].'project.created'.id", equalTo(project))
                .body("data[0].'project.created'.data.name", equalTo("audited"))
                .body("data[0].'project.created'.data.title", equalTo("audited"))
                .body("data[0].'project.created'.data.external_id", equalTo("ext-9"));
        long at = ((Number) created.path("data[0].effective_at")).longValue();
        assertTrue(Math.abs(at - Instant.now().getEpochSecond()) < 60);

        asOwner().body(Map.of("name", "renamed")).post(PROJECTS + "/" + project).then().statusCode(200);
        events("project.updated").then().body("data[0].'project.updated'.changes_requested.title", equalTo("renamed"))
                .body("data[0].'project.updated'.changes_requested.name", equalTo("renamed"))
                .body("data[0].'project.updated'.changes_requested.description", nullValue());
        asOwner().post(PROJECTS + "/" + project + "/archive").then().statusCode(200);
        asOwner().post(PROJECTS + "/" + project + "/archive").then().statusCode(200); // no change, no event
        events("project.archived").then().body("data", hasSize(1));
        asOwner().post(PROJECTS + "/" + project + "/unarchive").then().statusCode(200);
        assertLogged("project.unarchived", project);
        asOwner().delete(PROJECTS + "/" + project).then().statusCode(200);
        assertLogged("project.deleted", project);
        // the log outlives the project
        events("project.created").then().body("data[0].project.id", equalTo(project));
    }

    @Test
    void everyDialectWritesTheSameEvents() {
        String machine = asOwner().body(Map.of("name", "m")).post("/machine/projects").then().statusCode(201).extract().path("projectId");
        Response ingest = asOwner().body(Map.of("name", "i")).post("/projects");
        String r4 = asOwner().body(Map.of("name", "r")).post("/api/v1/machine/project").then().statusCode(201).extract().path("id");
        List<String> created = events("project.created").path("data.'project.created'.id");
        assertTrue(created.containsAll(List.of(machine, ingest.<String>path("project.id"), r4)), created.toString());
        // a project created with its key logs the key and the owner's membership, never the key's value
        Response keys = events("api_key.created");
        keys.then().body("data.'api_key.created'.id", hasItem(ingest.<String>path("key.id")));
        assertFalse(keys.asString().contains(ingest.<String>path("apiKey")), "no raw key in the log");
        assertLogged("user.added", ownerUserId());
        asOwner().delete("/api-keys/" + ingest.path("key.id")).then().statusCode(200);
        assertLogged("api_key.deleted", ingest.path("key.id"));
        asOwner().body(Map.of("name", "m2")).patch("/machine/projects/" + machine).then().statusCode(200);
        events("project.updated").then().body("data[0].project.id", equalTo(machine));
    }

    @Test
    void keysServiceAccountsMembersInvitesAndUsers() {
        String project = createProject("p");
        String adminKeyId = asOwner().body(Map.of("name", "ci")).post(ADMIN_KEYS).then().statusCode(200).extract().path("id");
        assertLogged("api_key.created", adminKeyId);
        asOwner().delete(ADMIN_KEYS + "/" + adminKeyId).then().statusCode(200);
        assertLogged("api_key.deleted", adminKeyId);

        Response account = asOwner().body(Map.of("name", "bot")).post(PROJECTS + "/" + project + "/service_accounts");
        String accountId = account.path("id");
        assertLogged("service_account.created", accountId);
        assertLogged("api_key.created", account.path("api_key.id"));
        asOwner().body(Map.of("role", "owner")).post(PROJECTS + "/" + project + "/service_accounts/" + accountId).then().statusCode(200);
        events("service_account.updated").then().body("data[0].'service_account.updated'.changes_requested.role", equalTo("owner"));
        // a service account's key acts: the actor is the service account
        as(account.<String>path("api_key.value")).body(Map.of("description", "by the bot")).post(PROJECTS + "/" + project).then().statusCode(200);
        events("project.updated").then().body("data[0].actor.api_key.type", equalTo("service_account"))
                .body("data[0].actor.api_key.service_account.id", equalTo(accountId))
                .body("data[0].actor.api_key.id", equalTo(account.path("api_key.id")));
        asOwner().delete(PROJECTS + "/" + project + "/service_accounts/" + accountId).then().statusCode(200);
        assertLogged("service_account.deleted", accountId);

        String ada = addUser("ada@example.com", "reader");
        events("user.added").then().body("data[0].'user.added'.data.email", equalTo("ada@example.com"));
        asOwner().body(Map.of("role", "owner")).post(USERS + "/" + ada).then().statusCode(200);
        events("user.updated").then().body("data[0].'user.updated'.changes_requested.role", equalTo("owner"));
        addToProject(project, ada, "member");
        events("user.added").then().body("data[0].project.id", equalTo(project)).body("data[0].'user.added'.data.role", equalTo("member"));
        asOwner().body(Map.of("role", "admin")).post(PROJECTS + "/" + project + "/users/" + ada).then().statusCode(200);
        asOwner().delete(PROJECTS + "/" + project + "/users/" + ada).then().statusCode(200);
        events("user.deleted").then().body("data[0].project.id", equalTo(project));
        asOwner().delete(USERS + "/" + ada).then().statusCode(200);
        events("user.deleted").then().body("data[0].project", nullValue()).body("data[0].'user.deleted'.id", equalTo(ada));

        String invite = asOwner().body(Map.of("email", "bob@example.com", "role", "reader")).post(INVITES).then().statusCode(200).extract().path("id");
        assertLogged("invite.sent", invite);
        asOwner().post(INVITES + "/" + invite + "/accept").then().statusCode(200);
        assertLogged("invite.accepted", invite);
        String other = asOwner().body(Map.of("email", "carol@example.com", "role", "reader")).post(INVITES).then().extract().path("id");
        asOwner().delete(INVITES + "/" + other).then().statusCode(200);
        assertLogged("invite.deleted", other);
        assertEveryTypeIsKnown();
    }

    @Test
    void groupsRolesRateLimitsCertificatesAndResources() {
        String group = asOwner().body(Map.of("name", "ops")).post(GROUPS).then().statusCode(200).extract().path("id");
        events("group.created").then().body("data[0].'group.created'.data.group_name", equalTo("ops"));
        asOwner().body(Map.of("name", "ops2")).post(GROUPS + "/" + group).then().statusCode(200);
        assertLogged("group.updated", group);
        String ada = addUser("ada@example.com", "reader");
        asOwner().body(Map.of("user_id", ada)).post(GROUPS + "/" + group + "/users").then().statusCode(200);
        events("group.user.added").then().body("data[0].'group.user.added'.id", equalTo(group))
                .body("data[0].'group.user.added'.user_id", equalTo(ada));
        asOwner().delete(GROUPS + "/" + group + "/users/" + ada).then().statusCode(200);
        events("group.user.deleted").then().body("data[0].'group.user.deleted'.id", equalTo(group))
                .body("data[0].'group.user.deleted'.user_id", equalTo(ada));

        String role = asOwner().body(Map.of("role_name", "auditor", "permissions", List.of("projects.read"))).post(ROLES)
                .then().statusCode(200).extract().path("id");
        events("role.created").then().body("data[0].'role.created'.id", equalTo(role))
                .body("data[0].'role.created'.role_name", equalTo("auditor"))
                .body("data[0].'role.created'.permissions", equalTo(List.of("projects.read")))
                .body("data[0].'role.created'.resource_type", equalTo("api.organization"))
                .body("data[0].'role.created'.resource_id", equalTo(organizationId));
        asOwner().body(Map.of("permissions", List.of("groups.read", "roles.read"))).post(ROLES + "/" + role).then().statusCode(200);
        events("role.updated").then().body("data[0].'role.updated'.id", equalTo(role))
                .body("data[0].'role.updated'.changes_requested.permissions_added", equalTo(List.of("groups.read", "roles.read")))
                .body("data[0].'role.updated'.changes_requested.permissions_removed", equalTo(List.of("projects.read")))
                .body("data[0].'role.updated'.changes_requested.role_name", nullValue());
        asOwner().body(Map.of("role_id", role)).post(GROUPS + "/" + group + "/roles").then().statusCode(200);
        events("role.assignment.created").then().body("data[0].'role.assignment.created'.id", equalTo(role))
                .body("data[0].'role.assignment.created'.principal_id", equalTo(group))
                .body("data[0].'role.assignment.created'.principal_type", equalTo("group"))
                .body("data[0].'role.assignment.created'.resource_type", equalTo("api.organization"))
                .body("data[0].'role.assignment.created'.resource_id", equalTo(organizationId));
        asOwner().delete(GROUPS + "/" + group + "/roles/" + role).then().statusCode(200);
        events("role.assignment.deleted").then().body("data[0].'role.assignment.deleted'.principal_type", equalTo("group"))
                .body("data[0].'role.assignment.deleted'.resource_id", equalTo(organizationId));
        asOwner().delete(ROLES + "/" + role).then().statusCode(200);
        assertLogged("role.deleted", role);
        asOwner().delete(GROUPS + "/" + group).then().statusCode(200);
        assertLogged("group.deleted", group);

        String project = createProject("p");
        String limit = asOwner().body(Map.of("model", "*", "max_requests_per_1_minute", 5, "max_tokens_per_1_minute", 5))
                .post(PROJECTS + "/" + project + "/rate_limits").then().statusCode(200).extract().path("id");
        assertLogged("rate_limit.created", limit);
        asOwner().body(Map.of("max_requests_per_1_minute", 7)).post(PROJECTS + "/" + project + "/rate_limits/" + limit).then().statusCode(200);
        events("rate_limit.updated").then().body("data[0].'rate_limit.updated'.changes_requested.max_requests_per_1_minute", equalTo(7));
        asOwner().delete(PROJECTS + "/" + project + "/rate_limits/" + limit).then().statusCode(200);
        assertLogged("rate_limit.deleted", limit);

        String pem = TestCertificates.rsa("audit");
        String cert = asOwner().body(Map.of("name", "gw", "certificate", pem)).post("/v1/organization/certificates").then().statusCode(200).extract().path("id");
        Response certEvents = events("certificate.created");
        certEvents.then().body("data[0].'certificate.created'.id", equalTo(cert)).body("data[0].'certificate.created'.name", equalTo("gw"));
        String base64Body = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertFalse(certEvents.asString().contains(base64Body), "no certificate content in the log");
        asOwner().body(Map.of("certificate_ids", List.of(cert))).post(PROJECTS + "/" + project + "/certificates/activate").then().statusCode(200);
        events("certificates.activated").then().body("data[0].project.id", equalTo(project))
                .body("data[0].'certificates.activated'.certificates[0].id", equalTo(cert));
        asOwner().body(Map.of("name", "gw2")).post("/v1/organization/certificates/" + cert).then().statusCode(200);
        events("certificate.updated").then().body("data[0].'certificate.updated'.name", equalTo("gw2"));
        asOwner().body(Map.of("certificate_ids", List.of(cert))).post(PROJECTS + "/" + project + "/certificates/deactivate").then().statusCode(200);
        events("certificates.deactivated").then().body("data[0].'certificates.deactivated'.certificates[0].name", equalTo("gw2"));
        asOwner().delete("/v1/organization/certificates/" + cert).then().statusCode(200);
        Response deleted = events("certificate.deleted");
        deleted.then().body("data[0].'certificate.deleted'.id", equalTo(cert)).body("data[0].'certificate.deleted'.name", equalTo("gw2"))
                .body("data[0].'certificate.deleted'.certificate", nullValue());
        assertFalse(deleted.asString().contains(base64Body), "no certificate content in the log");

        String resource = asOwner().body(Map.of("kind", "vault", "name", "v")).post(PROJECTS + "/" + project + "/resources")
                .then().statusCode(200).extract().path("id");
        events("resource.created").then().body("data[0].'resource.created'.data.kind", equalTo("vault"));
        asOwner().body(Map.of("name", "v2")).post(PROJECTS + "/" + project + "/resources/" + resource).then().statusCode(200);
        events("resource.updated").then().body("data[0].project.name", equalTo("p"))
                .body("data[0].'resource.updated'.changes_requested.name", equalTo("v2"));
        asOwner().delete(PROJECTS + "/" + project + "/resources/" + resource).then().statusCode(200);
        assertLogged("resource.deleted", resource);
        assertEveryTypeIsKnown();
    }

    @Test
    void theOperatorsFoundingOfTheOrganizationIsLoggedWithoutAnActor() {
        events("organization.created").then().statusCode(200).body("data", hasSize(1))
                .body("data[0].'organization.created'.id", equalTo(organizationId))
                .body("data[0].actor", nullValue())
                .body("data[0].project", nullValue());
        events("api_key.created").then().body("data[0].'api_key.created'.data.role", equalTo("owner"));
    }

    @Test
    void eventTypesAreTheReferencesAndExtensionEventsAreListedOnlyWhenAskedFor() {
        String project = createProject("p");
        asOwner().post(PROJECTS + "/" + project + "/archive").then().statusCode(200);
        asOwner().post(PROJECTS + "/" + project + "/unarchive").then().statusCode(200);
        // by default, only types of the reference's AuditLogEventType
        List<String> shown = asOwner().get(AUDIT).then().statusCode(200).extract().path("data.type");
        assertTrue(shown.containsAll(List.of("project.created", "project.archived", "user.added", "api_key.created")), shown.toString());
        assertFalse(shown.contains("organization.created") || shown.contains("project.unarchived"), shown.toString());
        List<String> all = asOwner().queryParam("include_extension_events", true).get(AUDIT).then().statusCode(200).extract().path("data.type");
        assertTrue(all.containsAll(List.of("organization.created", "project.unarchived", "project.created")), all.toString());
        assertEquals(shown.size() + 2, all.size());

        // a type the reference does not know is a 400 naming the parameter, in the list and in the export
        assertError(asOwner().queryParam("event_types[]", "no.such.type").get(AUDIT), 400, "invalid_value", "event_types[]");
        assertError(asOwner().queryParam("event_types[]", "project.created").queryParam("event_types[]", "project.exploded").get(AUDIT),
                400, "invalid_value", "event_types[]");
        assertError(asOwner().queryParam("event_types[]", "no.such.type").queryParam("include_extension_events", true).get(AUDIT),
                400, "invalid_value", "event_types[]");
        assertError(RestAssured.given().header("Authorization", "Bearer " + ownerKey).queryParam("event_types[]", "no.such.type")
                .get(AUDIT + "/export"), 400, "invalid_value", "event_types[]");
        // Keyplane's own types need the extension parameter; Keyplane's recorded name of a renamed event is not a type
        assertError(asOwner().queryParam("event_types[]", "project.unarchived").get(AUDIT), 400, "invalid_value", "event_types[]");
        events("project.unarchived").then().statusCode(200).body("data", hasSize(1)).body("data[0].'project.unarchived'.id", equalTo(project));
        assertError(asOwner().queryParam("event_types[]", "project.group.added").queryParam("include_extension_events", true).get(AUDIT),
                400, "invalid_value", "event_types[]");
        assertError(asOwner().queryParam("include_extension_events", "maybe").get(AUDIT), 400, "invalid_value", "include_extension_events");
        // the reference's tenant_only: Keyplane records no tenant-scoped event; every type given with it must be one
        asOwner().queryParam("tenant_only", false).get(AUDIT).then().statusCode(200).body("data.type", equalTo(shown));
        asOwner().queryParam("tenant_only", true).get(AUDIT).then().statusCode(200).body("data", hasSize(0));
        asOwner().queryParam("tenant_only", true).queryParam("event_types[]", "tenant.user.added").get(AUDIT).then().statusCode(200)
                .body("data", hasSize(0));
        assertError(asOwner().queryParam("tenant_only", true).queryParam("event_types[]", "project.created").get(AUDIT),
                400, "invalid_value", "event_types[]");
        assertError(asOwner().queryParam("tenant_only", "yes").get(AUDIT), 400, "invalid_value", "tenant_only");
        // a reference type Keyplane never records is a valid filter that matches nothing
        asOwner().queryParam("event_types[]", "login.succeeded").get(AUDIT).then().statusCode(200).body("data", hasSize(0));
        asOwner().queryParam("event_types[]", "login.succeeded").queryParam("event_types[]", "project.archived").get(AUDIT)
                .then().statusCode(200).body("data", hasSize(1));
    }

    @Test
    void aGroupsRoleOnAProjectIsARoleAssignment() {
        String project = createProject("p");
        String group = asOwner().body(Map.of("name", "ops")).post(GROUPS).then().statusCode(200).extract().path("id");
        asOwner().body(Map.of("group_id", group, "role", "admin")).post(PROJECTS + "/" + project + "/groups").then().statusCode(200);
        asOwner().queryParam("event_types[]", "role.assignment.created").get(AUDIT).then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].type", equalTo("role.assignment.created"))
                .body("data[0].project.id", equalTo(project))
                .body("data[0].'role.assignment.created'.id", equalTo("role_00000000000000000000000004"))
                .body("data[0].'role.assignment.created'.principal_id", equalTo(group))
                .body("data[0].'role.assignment.created'.principal_type", equalTo("group"))
                .body("data[0].'role.assignment.created'.resource_id", equalTo(project))
                .body("data[0].'role.assignment.created'.resource_type", equalTo("api.project"))
                .body("data[0].'role.assignment.created'.role", equalTo("admin"));
        asOwner().delete(PROJECTS + "/" + project + "/groups/" + group).then().statusCode(200);
        asOwner().queryParam("event_types[]", "role.assignment.deleted").get(AUDIT).then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].'role.assignment.deleted'.id", equalTo("role_00000000000000000000000004"))
                .body("data[0].'role.assignment.deleted'.principal_id", equalTo(group))
                .body("data[0].'role.assignment.deleted'.resource_type", equalTo("api.project"));
    }

    @Test
    void aCertificateWithoutANameIsLoggedWithoutOne() {
        String project = createProject("p");
        String cert = asOwner().body(Map.of("certificate", TestCertificates.rsa("nameless"))).post("/v1/organization/certificates")
                .then().statusCode(200).extract().path("id");
        asOwner().body(Map.of("certificate_ids", List.of(cert))).post(PROJECTS + "/" + project + "/certificates/activate").then().statusCode(200);
        asOwner().body(Map.of("certificate_ids", List.of(cert))).post(PROJECTS + "/" + project + "/certificates/deactivate").then().statusCode(200);
        asOwner().delete("/v1/organization/certificates/" + cert).then().statusCode(200);
        for (String type : List.of("certificate.created", "certificate.deleted")) {
            events(type).then().body("data[0].'" + type + "'.id", equalTo(cert)).body("data[0].'" + type + "'", not(hasKey("name")));
        }
        events("certificates.activated").then().body("data[0].'certificates.activated'.certificates[0].id", equalTo(cert))
                .body("data[0].'certificates.activated'.certificates[0]", not(hasKey("name")));
    }

    @Test
    void aFailedChangeWritesNothing() {
        asOwner().body(Map.of("name", "a", "external_id", "dup")).post(PROJECTS).then().statusCode(200);
        asOwner().body(Map.of("name", "b", "external_id", "dup")).post(PROJECTS).then().statusCode(409);
        events("project.created").then().body("data", hasSize(1));
        asOwner().body(Map.of("name", "")).post(PROJECTS).then().statusCode(400);
        String reader = createAdminKey("r", "reader");
        as(reader).body(Map.of("name", "no")).post(PROJECTS).then().statusCode(403);
        events("project.created").then().body("data", hasSize(1));
    }

    @Test
    void filtersAndPagesBothWays() {
        String ada = addUser("ada@example.com", "reader");
        String adasKey = asOwner().body(Map.of("name", "ada's", "role", "reader", "owner_user_id", ada)).post(ADMIN_KEYS)
                .then().statusCode(200).extract().path("value");
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            projects.add(createProject("p" + i));
        }
        List<String> all = asOwner().queryParam("event_types[]", "project.created").get(AUDIT).path("data.id");
        assertEquals(5, all.size());
        // newest first
        List<String> newestFirst = asOwner().queryParam("event_types[]", "project.created").get(AUDIT).path("data.'project.created'.id");
        List<String> reversed = new ArrayList<>(projects);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, newestFirst);
        // pages: after goes older, before goes newer
        Response first = asOwner().queryParam("event_types[]", "project.created").queryParam("limit", 2).get(AUDIT);
        first.then().body("has_more", equalTo(true)).body("data.id", equalTo(all.subList(0, 2)));
        Response second = asOwner().queryParam("event_types[]", "project.created").queryParam("limit", 2)
                .queryParam("after", all.get(1)).get(AUDIT);
        second.then().body("data.id", equalTo(all.subList(2, 4)));
        Response back = asOwner().queryParam("event_types[]", "project.created").queryParam("limit", 2)
                .queryParam("before", all.get(2)).get(AUDIT);
        back.then().body("data.id", equalTo(all.subList(0, 2))).body("has_more", equalTo(false));

        asOwner().queryParam("project_ids[]", projects.get(3)).get(AUDIT).then().body("data", hasSize(1))
                .body("data[0].project.id", equalTo(projects.get(3)));
        asOwner().queryParam("resource_ids[]", projects.get(1)).queryParam("resource_ids[]", projects.get(2)).get(AUDIT)
                .then().body("data", hasSize(2));
        asOwner().queryParam("actor_emails[]", "ADMIN@keyplane.local").queryParam("event_types[]", "user.added").get(AUDIT)
                .then().body("data", hasSize(1));
        asOwner().queryParam("actor_ids[]", ownerUserId()).queryParam("event_types[]", "project.created").get(AUDIT)
                .then().body("data", hasSize(5));
        asOwner().queryParam("actor_ids[]", ada).get(AUDIT).then().body("data", hasSize(0));
        long now = Instant.now().getEpochSecond();
        asOwner().queryParam("effective_at[gte]", now - 120).queryParam("event_types[]", "project.created").get(AUDIT)
                .then().body("data", hasSize(5));
        asOwner().queryParam("effective_at[gt]", now + 120).get(AUDIT).then().body("data", hasSize(0));
        asOwner().queryParam("effective_at[lt]", now - 120).get(AUDIT).then().body("data", hasSize(0));
        asOwner().queryParam("effective_at[lte]", now + 120).queryParam("event_types[]", "project.created").get(AUDIT)
                .then().body("data", hasSize(5));
        assertError(asOwner().queryParam("effective_at[gt]", "yesterday").get(AUDIT), 400, "invalid_value", "effective_at[gt]");
        assertError(asOwner().queryParam("limit", 101).get(AUDIT), 400, "invalid_value", "limit");
        assertError(asOwner().queryParam("after", "nope").get(AUDIT), 400, "invalid_value", "after");

        // readers may not read the log; other organizations see none of it
        assertError(as(adasKey).get(AUDIT), 403, "insufficient_permissions", null);
        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS).then().extract().path("admin_key.value");
        as(stranger).queryParam("project_ids[]", projects.get(0)).get(AUDIT).then().statusCode(200).body("data", hasSize(0));
        as(stranger).get(AUDIT).then().body("data.'project.created'.id", not(hasItem(projects.get(0))));
    }

    @Test
    void exportStreamsARangeAsNdjson() {
        long from = Instant.now().getEpochSecond() - 1;
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            projects.add(createProject("e" + i));
        }
        String body = RestAssured.given().header("Authorization", "Bearer " + ownerKey)
                .queryParam("effective_at[gte]", from).queryParam("event_types[]", "project.created")
                .get(AUDIT + "/export").then().statusCode(200).contentType(startsWith("application/x-ndjson")).extract().asString();
        List<String> lines = body.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(3, lines.size(), body);
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).contains("\"type\":\"project.created\""), lines.get(i));
            assertTrue(lines.get(i).contains(projects.get(i)), "oldest first: " + lines.get(i));
        }
        String none = RestAssured.given().header("Authorization", "Bearer " + ownerKey)
                .queryParam("effective_at[lt]", from - 3600).get(AUDIT + "/export").then().statusCode(200).extract().asString();
        assertTrue(none.isBlank(), none);
    }
}
