package dev.keyplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.keyplane.audit.AuditEventTypes;
import dev.keyplane.reference.client.ApiClient;
import dev.keyplane.reference.client.ApiException;
import dev.keyplane.reference.client.api.AuditLogsApi;
import dev.keyplane.reference.client.model.AuditLog;
import dev.keyplane.reference.client.model.AuditLogEventType;
import dev.keyplane.reference.client.model.ListAuditLogsEffectiveAtParameter;
import dev.keyplane.reference.client.model.ListAuditLogsResponse;
import dev.keyplane.support.ApiTest;
import dev.keyplane.support.TestCertificates;
import dev.keyplane.support.WebhookReceiver;
import dev.keyplane.support.WebhookReceiver.Answer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log read as a client generated from the reference document reads it (openapi-generator, at build time,
 * from src/test/resources/openai-admin-openapi.yaml into dev.keyplane.reference.client): every event Keyplane logs is
 * produced, and every entry of the OpenAI dialect's list must decode into the reference's AuditLog, its type into
 * the reference's AuditLogEventType, and validate against the reference's AuditLog schema. Keyplane's extension
 * events appear only when asked for.
 */
@QuarkusTest
class ReferenceClientTest extends ApiTest {

    private static final String AUDIT = AuditLogTest.AUDIT;
    private static final String CERTIFICATES = "/v1/organization/certificates";
    private static final String WEBHOOKS = "/v1/organization/webhooks";
    private static final String REFERENCE_URI = "https://reference.test/openai-admin-openapi.json";

    private static JsonNode reference() throws Exception {
        try (InputStream in = ReferenceClientTest.class.getResourceAsStream("/openai-admin-openapi.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    private AuditLogsApi auditLogs() {
        ApiClient client = new ApiClient(HttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(),
                RestAssured.baseURI + ":" + RestAssured.port + "/v1");
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + ownerKey));
        return new AuditLogsApi(client);
    }

    /** Every page of the log, through the generated client. */
    private List<AuditLog> readThroughTheReferenceClient() {
        AuditLogsApi api = auditLogs();
        List<AuditLog> all = new ArrayList<>();
        String after = null;
        do {
            ListAuditLogsResponse page;
            try {
                // (the generated code dereferences effective_at even when it is not given)
                page = api.listAuditLogs(new ListAuditLogsEffectiveAtParameter(), null, null, null, null, null, null, 100, after, null);
            } catch (ApiException e) {
                throw new AssertionError("a client generated from the reference cannot read the audit log: " + e.getMessage()
                        + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"), e);
            }
            all.addAll(page.getData());
            after = Boolean.TRUE.equals(page.getHasMore()) ? page.getLastId() : null;
        } while (after != null);
        return all;
    }

    /** Every page of the log as JSON, through REST Assured; {@code extensions} adds include_extension_events=true. */
    private List<JsonNode> readRaw(boolean extensions) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        do {
            var request = asOwner().queryParam("limit", 100);
            if (extensions) {
                request.queryParam("include_extension_events", true);
            }
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonNode page = json.readTree(request.get(AUDIT).then().statusCode(200).extract().asString());
            page.path("data").forEach(all::add);
            after = page.path("has_more").asBoolean() ? page.path("last_id").asText() : null;
        } while (after != null);
        return all;
    }

    /** Does everything that writes an audit event, each kind of event at least once. */
    private Map<String, String> produceEveryEvent() throws Exception {
        // organization.created, user.added and api_key.created: written when this test's organization was founded
        String project = createProject("audited");
        asOwner().body(Map.of("name", "audited 2")).post(PROJECTS + "/" + project).then().statusCode(200);
        asOwner().post(PROJECTS + "/" + project + "/archive").then().statusCode(200);
        asOwner().post(PROJECTS + "/" + project + "/unarchive").then().statusCode(200);
        String doomed = createProject("doomed");
        asOwner().delete(PROJECTS + "/" + doomed).then().statusCode(200);

        String ada = addUser("ada@example.com", "reader");
        asOwner().body(Map.of("role", "owner")).post(USERS + "/" + ada).then().statusCode(200);
        addToProject(project, ada, "member");
        asOwner().body(Map.of("role", "admin")).post(PROJECTS + "/" + project + "/users/" + ada).then().statusCode(200);
        String adasKey = projectKey(project, ada);
        assertFalse(adasKey.isEmpty());
        String adasKeyId = asOwner().queryParam("owner_project_access", "any").get(PROJECTS + "/" + project + "/api_keys")
                .then().statusCode(200).extract().path("data.find { it.owner.type == 'user' }.id");
        asOwner().delete(PROJECTS + "/" + project + "/api_keys/" + adasKeyId).then().statusCode(200);
        asOwner().delete(PROJECTS + "/" + project + "/users/" + ada).then().statusCode(200);

        String invite = asOwner().body(Map.of("email", "bob@example.com", "role", "reader")).post(INVITES).then().statusCode(200)
                .extract().path("id");
        asOwner().post(INVITES + "/" + invite + "/accept").then().statusCode(200);
        String other = asOwner().body(Map.of("email", "carol@example.com", "role", "reader")).post(INVITES).then().statusCode(200)
                .extract().path("id");
        asOwner().delete(INVITES + "/" + other).then().statusCode(200);

        String adminKey = asOwner().body(Map.of("name", "ci")).post(ADMIN_KEYS).then().statusCode(200).extract().path("id");
        String rolled = asOwner().body(Map.of()).post(ADMIN_KEYS + "/" + adminKey + "/roll").then().statusCode(200).extract().path("id");
        asOwner().delete(ADMIN_KEYS + "/" + rolled).then().statusCode(200);

        String account = asOwner().body(Map.of("name", "bot")).post(PROJECTS + "/" + project + "/service_accounts").then()
                .statusCode(200).extract().path("id");
        asOwner().body(Map.of("role", "owner")).post(PROJECTS + "/" + project + "/service_accounts/" + account).then().statusCode(200);
        asOwner().delete(PROJECTS + "/" + project + "/service_accounts/" + account).then().statusCode(200);

        String group = asOwner().body(Map.of("name", "ops")).post(GROUPS).then().statusCode(200).extract().path("id");
        asOwner().body(Map.of("name", "ops2")).post(GROUPS + "/" + group).then().statusCode(200);
        asOwner().body(Map.of("user_id", ada)).post(GROUPS + "/" + group + "/users").then().statusCode(200);
        asOwner().delete(GROUPS + "/" + group + "/users/" + ada).then().statusCode(200);
        asOwner().body(Map.of("group_id", group, "role", "member")).post(PROJECTS + "/" + project + "/groups").then().statusCode(200);
        asOwner().delete(PROJECTS + "/" + project + "/groups/" + group).then().statusCode(200);

        String role = asOwner().body(Map.of("role_name", "auditor", "permissions", List.of("projects.read"))).post(ROLES)
                .then().statusCode(200).extract().path("id");
        asOwner().body(Map.of("permissions", List.of("groups.read"))).post(ROLES + "/" + role).then().statusCode(200);
        asOwner().body(Map.of("role_id", role)).post(GROUPS + "/" + group + "/roles").then().statusCode(200);
        asOwner().delete(GROUPS + "/" + group + "/roles/" + role).then().statusCode(200);
        asOwner().body(Map.of("role_id", role)).post(USERS + "/" + ada + "/roles").then().statusCode(200);
        asOwner().delete(USERS + "/" + ada + "/roles/" + role).then().statusCode(200);
        asOwner().delete(ROLES + "/" + role).then().statusCode(200);
        asOwner().delete(GROUPS + "/" + group).then().statusCode(200);

        String limit = asOwner().body(Map.of("model", "*", "max_requests_per_1_minute", 5, "max_tokens_per_1_minute", 5))
                .post(PROJECTS + "/" + project + "/rate_limits").then().statusCode(200).extract().path("id");
        asOwner().body(Map.of("max_requests_per_1_minute", 7)).post(PROJECTS + "/" + project + "/rate_limits/" + limit).then().statusCode(200);
        asOwner().delete(PROJECTS + "/" + project + "/rate_limits/" + limit).then().statusCode(200);

        // a certificate uploaded without a name, and one with a name
        String unnamed = asOwner().body(Map.of("certificate", TestCertificates.rsa("unnamed"))).post(CERTIFICATES).then()
                .statusCode(200).extract().path("id");
        String named = asOwner().body(Map.of("name", "gw", "certificate", TestCertificates.rsa("named"))).post(CERTIFICATES).then()
                .statusCode(200).extract().path("id");
        asOwner().body(Map.of("name", "gw2")).post(CERTIFICATES + "/" + named).then().statusCode(200);
        asOwner().body(Map.of("certificate_ids", List.of(unnamed, named))).post(CERTIFICATES + "/activate").then().statusCode(200);
        asOwner().body(Map.of("certificate_ids", List.of(unnamed, named))).post(CERTIFICATES + "/deactivate").then().statusCode(200);
        asOwner().body(Map.of("certificate_ids", List.of(unnamed))).post(PROJECTS + "/" + project + "/certificates/activate")
                .then().statusCode(200);
        asOwner().body(Map.of("certificate_ids", List.of(unnamed))).post(PROJECTS + "/" + project + "/certificates/deactivate")
                .then().statusCode(200);
        asOwner().delete(CERTIFICATES + "/" + unnamed).then().statusCode(200);

        String resource = asOwner().body(Map.of("kind", "vault", "name", "v")).post(PROJECTS + "/" + project + "/resources")
                .then().statusCode(200).extract().path("id");
        asOwner().body(Map.of("name", "v2")).post(PROJECTS + "/" + project + "/resources/" + resource).then().statusCode(200);
        asOwner().post(PROJECTS + "/" + project + "/resources/" + resource + "/archive").then().statusCode(200);
        asOwner().post(PROJECTS + "/" + project + "/resources/" + resource + "/unarchive").then().statusCode(200);
        asOwner().delete(PROJECTS + "/" + project + "/resources/" + resource).then().statusCode(200);

        // a webhook that is changed, rotated, tested, fails until Keyplane disables it, and is deleted
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            for (int i = 0; i < 4; i++) {
                receiver.answer(Answer.status(500));
            }
            String webhook = asOwner().body(Map.of("url", receiver.url("/hooks"), "event_types", List.of("webhook.tested")))
                    .post(WEBHOOKS).then().statusCode(200).extract().path("id");
            asOwner().body(Map.of("description", "audited")).post(WEBHOOKS + "/" + webhook).then().statusCode(200);
            asOwner().post(WEBHOOKS + "/" + webhook + "/rotate_secret").then().statusCode(200);
            asOwner().post(WEBHOOKS + "/" + webhook + "/test").then().statusCode(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (asOwner().get(WEBHOOKS + "/" + webhook).then().statusCode(200).extract().<Boolean>path("enabled")) {
                assertTrue(System.nanoTime() < deadline, "the failing webhook is disabled");
                Thread.sleep(100);
            }
            asOwner().delete(WEBHOOKS + "/" + webhook).then().statusCode(200);
        }
        asOwner().delete(USERS + "/" + ada).then().statusCode(200);
        return Map.of("project", project, "group", group, "unnamed", unnamed, "named", named);
    }

    @Test
    void everyEventKeyplaneLogsDecodesIntoTheReferencesAuditLog() throws Exception {
        Map<String, String> ids = produceEveryEvent();

        // the generated client decodes every entry: each type is a value of the reference's AuditLogEventType
        List<AuditLog> logs = readThroughTheReferenceClient();
        Set<String> shown = logs.stream().map(l -> l.getType().getValue()).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> expected = new LinkedHashSet<>();
        for (String recorded : AuditEventTypes.ALL) {
            if (!AuditEventTypes.EXTENSIONS.contains(recorded)) {
                expected.add(AuditEventTypes.shownAs(recorded));
            }
        }
        assertEquals(expected, shown, "every event with a reference name is listed under it, and nothing else");

        // each entry, as sent, validates against the reference's AuditLog schema (a string is never null, ...)
        String document = new ObjectMapper().writeValueAsString(reference());
        JsonSchema auditLog = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                        builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(REFERENCE_URI, document))))
                .getSchema(SchemaLocation.of(REFERENCE_URI + "#/components/schemas/AuditLog"));
        List<JsonNode> raw = readRaw(false);
        assertEquals(logs.size(), raw.size());
        for (JsonNode entry : raw) {
            Set<ValidationMessage> errors = auditLog.validate(entry);
            assertTrue(errors.isEmpty(), "matches the reference's AuditLog: " + errors + "\n" + entry);
        }

        // payloads in the reference's shape, read through its models
        AuditLog unnamedCreated = logs.stream().filter(l -> l.getType() == AuditLogEventType.fromValue("certificate.created")
                && ids.get("unnamed").equals(l.getCertificateCreated().getId())).findFirst().orElseThrow();
        assertNull(unnamedCreated.getCertificateCreated().getName(), "a certificate without a name has no name");
        assertTrue(raw.stream().noneMatch(e -> e.path("certificate.created").has("name") && e.path("certificate.created").get("name").isNull()));
        AuditLog named = logs.stream().filter(l -> l.getType() == AuditLogEventType.fromValue("certificate.updated")).findFirst().orElseThrow();
        assertEquals("gw2", named.getCertificateUpdated().getName());
        AuditLog granted = logs.stream().filter(l -> l.getType() == AuditLogEventType.fromValue("role.assignment.created")
                && l.getRoleAssignmentCreated().getResourceId().equals(ids.get("project"))).findFirst().orElseThrow();
        assertEquals(ids.get("group"), granted.getRoleAssignmentCreated().getPrincipalId());
        assertEquals("group", granted.getRoleAssignmentCreated().getPrincipalType());
        assertEquals("api.project", granted.getRoleAssignmentCreated().getResourceType());
        assertEquals("role_00000000000000000000000005", granted.getRoleAssignmentCreated().getId(), "the predefined project member role");
        AuditLog revoked = logs.stream().filter(l -> l.getType() == AuditLogEventType.fromValue("role.assignment.deleted")
                && l.getRoleAssignmentDeleted().getResourceId().equals(ids.get("project"))).findFirst().orElseThrow();
        assertEquals("role_00000000000000000000000005", revoked.getRoleAssignmentDeleted().getId());
        assertEquals(ids.get("project"), granted.getProject().getId());

        // the client's own filter: a group's role on a project is found among the role assignments
        ListAuditLogsResponse assignments = auditLogs().listAuditLogs(new ListAuditLogsEffectiveAtParameter(), null,
                List.of(AuditLogEventType.fromValue("role.assignment.created")), null, null, null, null, 100, null, null);
        assertEquals(3, assignments.getData().size(), "to the group, to the user, and the group's role on the project");

        // with include_extension_events=true, Keyplane's own events too: every type Keyplane records is there
        List<JsonNode> everything = readRaw(true);
        Set<String> extensions = everything.stream().map(e -> e.path("type").asText())
                .filter(AuditEventTypes.EXTENSIONS::contains).collect(Collectors.toCollection(LinkedHashSet::new));
        assertEquals(AuditEventTypes.EXTENSIONS, extensions, "every extension event was produced and is listed when asked for");
        assertEquals(raw.size() + everything.stream().filter(e -> AuditEventTypes.EXTENSIONS.contains(e.path("type").asText())).count(),
                everything.size(), "asking for extension events adds them and nothing else");
        assertFalse(everything.stream().anyMatch(e -> e.path("type").asText().startsWith("project.group.")),
                "a project's group grant is a role assignment in every listing");
    }

    @Test
    void keyplaneKnowsTheReferencesEventTypes() throws Exception {
        List<String> enumeration = new ArrayList<>();
        reference().path("components").path("schemas").path("AuditLogEventType").path("enum").forEach(v -> enumeration.add(v.asText()));
        assertEquals(enumeration, List.copyOf(AuditEventTypes.REFERENCE));
        for (AuditLogEventType type : AuditLogEventType.values()) {
            asOwner().queryParam("event_types[]", type.getValue()).get(AUDIT).then().statusCode(200);
        }
        for (String extension : AuditEventTypes.EXTENSIONS) {
            assertError(asOwner().queryParam("event_types[]", extension).get(AUDIT), 400, "invalid_value", "event_types[]");
            asOwner().queryParam("event_types[]", extension).queryParam("include_extension_events", true).get(AUDIT)
                    .then().statusCode(200);
        }
        Response organization = asOwner().queryParam("event_types[]", "organization.created").queryParam("include_extension_events", true)
                .get(AUDIT);
        organization.then().statusCode(200);
        assertEquals(organizationId, organization.path("data[0].'organization.created'.id"));
    }
}
