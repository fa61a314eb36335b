package dev.keyplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyplane.support.ApiTest;
import dev.keyplane.support.OpenApiContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The document SDKs are generated from: reference operationIds, named schemas, errors, extensions. */
@QuarkusTest
class OpenApiDocumentTest extends ApiTest {

    private static final Set<String> PUBLIC_OPERATIONS = Set.of("ping");
    private static final Set<String> EXTENSION_OPERATIONS = Set.of("ping", "verify-key", "auth-check",
            "unarchive-project", "delete-project", "list-organizations", "create-organization",
            "list-project-resources", "create-project-resource", "retrieve-project-resource", "modify-project-resource",
            "delete-project-resource", "archive-project-resource", "unarchive-project-resource");

    /**
     * The Java SDK (and the provisioning command built on it) is generated from a snapshot of this document,
     * src/main/openapi/keyplane.json. The snapshot must be the document Keyplane serves. After an API change:
     * {@code ./mvnw package -DskipTests && cp target/openapi/openapi.json src/main/openapi/keyplane.json}.
     */
    @Test
    void theSdkSnapshotIsTheServedDocument() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode served = json.readTree(RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        JsonNode snapshot = json.readTree(java.nio.file.Path.of("src/main/openapi/keyplane.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) served).remove("servers");
        ((com.fasterxml.jackson.databind.node.ObjectNode) snapshot).remove("servers");
        assertEquals(snapshot, served, "src/main/openapi/keyplane.json is out of date: ./mvnw package -DskipTests && "
                + "cp target/openapi/openapi.json src/main/openapi/keyplane.json");
    }

    @Test
    void sharedOperationsUseTheReferenceOperationIdsAndSchemas() throws Exception {
        JsonNode ours = OpenApiContract.load(RestAssured.baseURI + ":" + RestAssured.port).document();
        JsonNode reference;
        try (InputStream in = getClass().getResourceAsStream("/openai-admin-openapi.yaml")) {
            reference = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = ours.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String operationId = op.getValue().path("operationId").asText();
                assertFalse(operationId.isEmpty(), path.getKey() + " " + op.getKey() + " has an operationId");
                if (dev.keyplane.api.Dialect.of(path.getKey()) != dev.keyplane.api.Dialect.PRIMARY) {
                    continue; // a seed dialect follows its own seed, not the reference
                }
                JsonNode ref = reference.path("paths").path(path.getKey().replaceFirst("^/v1", "")).path(op.getKey());
                boolean extension = op.getValue().path("x-keyplane-extension").asBoolean(false);
                if (ref.isMissingNode()) {
                    assertTrue(extension, operationId + " is not in the reference, so it must be marked as an extension");
                    continue;
                }
                assertFalse(extension, operationId + " is in the reference");
                assertEquals(ref.path("operationId").asText(), operationId, path.getKey() + " " + op.getKey());
                String refSchema = ref.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText();
                String ourSchema = op.getValue().path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText();
                if (!refSchema.isEmpty()) {
                    assertEquals(refSchema, ourSchema, operationId + " returns the reference schema");
                }
                checked.add(operationId);
            }
        }
        assertTrue(checked.containsAll(List.of("list-projects", "create-project", "retrieve-project", "modify-project",
                "archive-project", "admin-api-keys-list", "admin-api-keys-create", "admin-api-keys-get", "admin-api-keys-delete")),
                "checked: " + checked);
    }

    @Test
    void everyOperationDocumentsItsErrorsWithTheErrorSchemaAndExtensionsAreMarked() {
        JsonNode ours = OpenApiContract.load(RestAssured.baseURI + ":" + RestAssured.port).document();
        for (Iterator<Map.Entry<String, JsonNode>> paths = ours.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                JsonNode op = ops.next().getValue();
                String operationId = op.path("operationId").asText();
                String errorSchema = "#/components/schemas/" + dev.keyplane.api.Dialect.of(path.getKey()).errorSchema();
                for (String status : List.of("400", "401", "403", "500", "503")) {
                    assertEquals(errorSchema,
                            op.path("responses").path(status).path("content").path("application/json").path("schema").path("$ref").asText(),
                            operationId + " documents " + status);
                }
                String success = op.path("responses").has("201") ? "201" : "200";
                JsonNode content = op.path("responses").path(success).path("content");
                JsonNode ok = (content.has("application/json") ? content.path("application/json") : content.path("application/x-ndjson"))
                        .path("schema");
                assertTrue(ok.has("$ref"), operationId + " answers " + success + " with a named schema");
                if (!PUBLIC_OPERATIONS.contains(operationId)) {
                    assertFalse(op.path("security").isEmpty(), operationId + " declares its security");
                }
                if (EXTENSION_OPERATIONS.contains(operationId)) {
                    assertTrue(op.path("x-keyplane-extension").asBoolean(), operationId + " is marked as an extension");
                }
            }
        }
        JsonNode schemes = ours.path("components").path("securitySchemes");
        assertEquals("bearer", schemes.path("AdminApiKeyAuth").path("scheme").asText());
        JsonNode project = ours.path("components").path("schemas").path("Project").path("properties");
        for (String field : List.of("description", "external_id", "environment", "created_by")) {
            assertTrue(project.path(field).path("x-keyplane-extension").asBoolean(), "Project." + field + " is marked");
        }
        assertFalse(project.path("name").has("x-keyplane-extension"));
    }

    @Test
    void eachSeedDialectHasItsOwnTagErrorSchemaAndDocument() {
        JsonNode all = OpenApiContract.load(RestAssured.baseURI + ":" + RestAssured.port).document();
        Map<String, List<String>> dialects = Map.of(
                "machine", List.of("/machine/projects", "/machine/projects/{id}"),
                "ingest", List.of("/projects", "/projects/{id}", "/projects/{projectId}/api-keys", "/api-keys/{id}"),
                "r4", List.of("/api/v1/machine/project", "/api/v1/machine/project/{id}"));
        for (Map.Entry<String, List<String>> dialect : dialects.entrySet()) {
            JsonNode own = read(RestAssured.given().get("/q/openapi-" + dialect.getKey() + "?format=json").then().statusCode(200)
                    .extract().asString());
            List<String> paths = new ArrayList<>();
            own.path("paths").fieldNames().forEachRemaining(paths::add);
            assertEquals(Set.copyOf(dialect.getValue()), Set.copyOf(paths), dialect.getKey() + " holds its own paths only");
            String errorSchema = dev.keyplane.api.Dialect.of(paths.get(0)).errorSchema();
            assertTrue(own.path("components").path("schemas").has(errorSchema), dialect.getKey() + " carries " + errorSchema);
            assertTrue(own.path("components").path("securitySchemes").has("ApiKeyHeader"));
            for (String path : paths) {
                assertTrue(all.path("paths").has(path), path + " is in the full document too");
                own.path("paths").path(path).forEach(op -> {
                    assertEquals(1, op.path("tags").size(), path + " has one tag");
                    assertFalse(op.path("tags").get(0).asText().isEmpty());
                    assertFalse(op.has("x-smallrye-profile-" + dialect.getKey()), "the profile marker is not published");
                });
            }
        }
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theContractCheckRejectsDriftingResponses() {
        OpenApiContract contract = OpenApiContract.load(RestAssured.baseURI + ":" + RestAssured.port);
        String valid = "{\"object\":\"list\",\"data\":[],\"first_id\":null,\"last_id\":null,\"has_more\":false}";
        contract.check("GET", "/v1/organization/projects", 200, valid);
        assertThrows(AssertionError.class, () -> contract.check("GET", "/v1/organization/projects", 200,
                "{\"object\":\"list\",\"has_more\":false}"), "missing data");
        assertThrows(AssertionError.class, () -> contract.check("GET", "/v1/organization/projects", 200,
                "{\"object\":\"list\",\"data\":[{\"id\":5}],\"has_more\":false}"), "wrong item type");
        assertThrows(AssertionError.class, () -> contract.check("GET", "/v1/organization/projects", 418, valid),
                "undocumented status");
        assertThrows(AssertionError.class, () -> contract.check("GET", "/v1/organization/projects", 400,
                "{\"message\":\"no envelope\"}"), "error without the envelope");
        assertThrows(AssertionError.class, () -> contract.check("GET", "/v1/undocumented", 200, "{}"));
    }

    @Test
    void swaggerUiIsServed() {
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
