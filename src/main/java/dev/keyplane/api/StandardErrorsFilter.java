package dev.keyplane.api;

import dev.keyplane.api.openai.AuditLogObjects;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives every operation the error responses it can produce, each with its dialect's error schema
 * ({@link Dialect#errorSchema()}), so that generated SDKs can decode every failure. Declared once here
 * instead of on every method. Also completes what annotations cannot state: the audit log's event-type enum
 * ({@link AuditLogObjects#describeEventTypes}) and the limits ({@link OpenApiLimits}).
 */
public class StandardErrorsFilter implements OASFilter {

    private static final Map<String, String> COMMON = new LinkedHashMap<>();
    private static final Map<String, String> WITH_BODY = new LinkedHashMap<>();
    private static final Map<String, String> WITH_ID = new LinkedHashMap<>();
    private static final Map<String, String> CHANGES = new LinkedHashMap<>();

    static {
        COMMON.put("400", "Invalid request: malformed parameters or body; `param` names the offending field.");
        COMMON.put("401", "Missing, malformed, unknown, revoked or expired API key.");
        COMMON.put("403", "The key's role does not allow this operation.");
        COMMON.put("405", "Method not allowed on this path.");
        COMMON.put("429", "Rate limited.");
        COMMON.put("500", "Unexpected server error.");
        COMMON.put("503", "The database is unavailable or the server is overloaded; retry.");
        WITH_BODY.put("413", "Request body larger than 1 MiB.");
        WITH_BODY.put("415", "Request body is not application/json.");
        WITH_BODY.put("422", "Idempotency-Key reused with a different request.");
        WITH_ID.put("404", "No such object in your organization.");
        CHANGES.put("409", Conflicts.STATE); // operations that can also fail otherwise state their own (Conflicts)
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
                APIResponses responses = op.getValue().getResponses();
                if (responses == null || path.getKey().startsWith("/q/")) {
                    continue;
                }
                String schema = Dialect.of(path.getKey()).errorSchema();
                COMMON.forEach((code, text) -> add(responses, code, text, schema));
                if (op.getValue().getRequestBody() != null) {
                    WITH_BODY.forEach((code, text) -> add(responses, code, text, schema));
                }
                if (op.getKey() != PathItem.HttpMethod.GET) {
                    CHANGES.forEach((code, text) -> add(responses, code, text, schema));
                }
                if (path.getKey().contains("{") || op.getKey() == PathItem.HttpMethod.POST) {
                    WITH_ID.forEach((code, text) -> add(responses, code, text, schema));
                }
            }
        }
        AuditLogObjects.describeEventTypes(openAPI);
        OpenApiLimits.apply(openAPI);
    }

    private static void add(APIResponses responses, String code, String description, String schema) {
        APIResponse existing = responses.getAPIResponse(code);
        if (existing != null && existing.getContent() != null) {
            return;
        }
        // Quarkus adds bare 401/403 responses for secured operations; give them the envelope too.
        APIResponse response = OASFactory.createAPIResponse()
                .description(existing != null && existing.getDescription() != null ? existing.getDescription() : description)
                .content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(schema))));
        if (code.equals("429") || code.equals("503")) {
            response.addHeader("Retry-After", OASFactory.createHeader().ref("#/components/headers/Retry-After"));
        }
        responses.addAPIResponse(code, response);
    }

}
