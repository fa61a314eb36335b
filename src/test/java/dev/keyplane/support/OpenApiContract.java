package dev.keyplane.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks every response the tests receive against Keyplane's own OpenAPI document: the operation must
 * be documented, the status must be documented for it, and the body must validate against the named
 * schema of that response. This is what keeps generated SDKs and the server from drifting apart.
 */
public final class OpenApiContract implements Filter {

    private static final String DOC_URI = "https://keyplane.test/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile OpenApiContract instance;

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private record Route(Pattern pattern, String template) {}

    private OpenApiContract(String documentJson) throws Exception {
        this.document = JSON.readTree(documentJson);
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(DOC_URI, documentJson))));
        Iterator<String> paths = document.path("paths").fieldNames();
        while (paths.hasNext()) {
            String template = paths.next();
            String regex = "^" + Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
            routes.add(new Route(Pattern.compile(regex), template));
        }
    }

    public static synchronized OpenApiContract load(String baseUri) {
        if (instance == null) {
            try {
                String doc = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(baseUri + "/q/openapi?format=json")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                instance = new OpenApiContract(doc);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot load the OpenAPI document", e);
            }
        }
        return instance;
    }

    public JsonNode document() {
        return document;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                           FilterContext context) {
        Response response = context.next(request, responseSpec);
        String path = URI.create(request.getURI()).getPath();
        if (!path.startsWith("/q/") && !path.startsWith("/console")) { // the console is HTML for people, outside the document
            check(request.getMethod(), path, response.statusCode(), response.asString());
        }
        return response;
    }

    /** Fails with an {@link AssertionError} when the response is not what the document promises. */
    public void check(String method, String path, int status, String body) {
        Route route = routes.stream().filter(r -> r.pattern.matcher(path).matches()).findFirst().orElse(null);
        if (route == null) {
            if (status == 404 || status == 405) {
                requireErrorEnvelope(method, path, status, body);
                return; // unknown routes answer with the error envelope and are, rightly, undocumented
            }
            throw new AssertionError("Undocumented path " + method + " " + path + " answered " + status);
        }
        JsonNode operation = document.path("paths").path(route.template).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            if (status == 405) {
                requireErrorEnvelope(method, path, status, body);
                return;
            }
            throw new AssertionError("Undocumented operation " + method + " " + route.template + " answered " + status);
        }
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            throw new AssertionError(method + " " + route.template + " answered " + status
                    + ", which its OpenAPI operation does not document. Body: " + body);
        }
        JsonNode schemaNode = response.path("content").path("application/json").path("schema");
        if (schemaNode.isMissingNode()) {
            return;
        }
        String ref = schemaNode.path("$ref").asText(null);
        if (ref == null) {
            throw new AssertionError(method + " " + route.template + " " + status + " has no named response schema");
        }
        validate(ref, body, method + " " + path + " -> " + status);
    }

    private void requireErrorEnvelope(String method, String path, int status, String body) {
        // Unmatched routes still answer in the envelope of the dialect their path belongs to.
        validate("#/components/schemas/" + dev.keyplane.api.Dialect.of(path).errorSchema(), body, method + " " + path + " -> " + status);
    }

    private void validate(String ref, String body, String what) {
        JsonSchema schema = schemas.computeIfAbsent(ref, r -> factory.getSchema(SchemaLocation.of(DOC_URI + r)));
        try {
            Set<ValidationMessage> errors = schema.validate(JSON.readTree(body));
            if (!errors.isEmpty()) {
                throw new AssertionError(what + " does not match " + ref + ": " + errors + "\nBody: " + body);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(what + " is not JSON: " + body, e);
        }
    }
}
