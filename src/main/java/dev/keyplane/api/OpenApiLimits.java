package dev.keyplane.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.servers.Server;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * States in the document the limits Keyplane enforces, so that clients (and the OWASP API checks that
 * .ci/sdk-check runs) can rely on them. Where a field or parameter declares its own bound (a {@code @Size},
 * {@code @Max}, enumeration) that one stands; elsewhere the bound that applies to everything is stated:
 * <ul>
 * <li>identifiers are at most 64 characters (Keyplane's are about 35);</li>
 * <li>a path or query parameter is at most 4096 characters (the longest request line accepted), a query
 *     array at most 2048 items;</li>
 * <li>a string or array in a body is bounded by the 1 MiB body limit, and so are the strings Keyplane
 *     returns, which it stored from such bodies or made itself;</li>
 * <li>integers are non-negative; timestamps ({@code unixtime}) are int64 seconds up to year 9999;</li>
 * <li>no returned collection exceeds 1,000,000 items (the largest quota; lists are paginated at most 1000 a page);</li>
 * <li>every management response carries RateLimit-Limit, -Remaining and -Reset ({@link ApiRateLimitFilter}).</li>
 * </ul>
 */
final class OpenApiLimits {

    static final int ID_LENGTH = 64;
    static final int PARAMETER_LENGTH = 4096;
    static final int QUERY_ARRAY_ITEMS = 2048;
    static final int BODY_BYTES = 1_048_576;
    static final int RESPONSE_ITEMS = 1_000_000;
    static final long YEAR_9999 = 253_402_300_799L;
    private static final String HEADERS = "#/components/headers/";
    private static final String[] RATE_LIMIT_HEADERS = {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"};

    /** Where a schema is used, which decides the bound that applies when it declares none. */
    private enum Place { PARAMETER, QUERY_ARRAY_ITEM, REQUEST, RESPONSE }

    private final Map<Schema, Boolean> seen = new IdentityHashMap<>();

    private OpenApiLimits() {
    }

    static void apply(OpenAPI openAPI) {
        new OpenApiLimits().applyTo(openAPI);
    }

    private void applyTo(OpenAPI openAPI) {
        Server server = OASFactory.createServer().url("/")
                .description("production: the Keyplane serving this document (an SDK sets its own base URL)")
                .addExtension("x-internal", false);
        openAPI.setServers(new ArrayList<>(List.of(server)));
        Components components = openAPI.getComponents();
        components.addHeader("Retry-After", header("Seconds to wait before retrying.", integer(0, 86_400, "int32")));
        components.addHeader("RateLimit-Limit", header("Management-API requests allowed a minute with this credential.",
                integer(0, Integer.MAX_VALUE, "int32")));
        components.addHeader("RateLimit-Remaining", header("Requests left before this credential is limited.",
                integer(0, Integer.MAX_VALUE, "int32")));
        components.addHeader("RateLimit-Reset", header("Seconds until the allowance is whole again.", integer(0, 86_400, "int32")));
        if (components.getSchemas() != null) {
            components.getSchemas().forEach((name, schema) -> schema(schema, null, Place.RESPONSE));
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            boolean limited = !path.getKey().startsWith("/q/") && !ApiRateLimitFilter.DATA_PLANE.contains(path.getKey());
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                operation(path.getKey(), entry.getKey(), entry.getValue(), limited);
            }
        }
    }

    private void operation(String path, PathItem.HttpMethod method, Operation op, boolean limited) {
        if (op.getParameters() != null) {
            for (Parameter p : op.getParameters()) {
                parameter(p);
            }
        }
        if (op.getRequestBody() != null) {
            content(op.getRequestBody().getContent(), Place.REQUEST);
        }
        security(path, method, op);
        if (op.getResponses() == null || op.getResponses().getAPIResponses() == null) {
            return;
        }
        for (Map.Entry<String, APIResponse> r : op.getResponses().getAPIResponses().entrySet()) {
            APIResponse response = r.getValue();
            content(response.getContent(), Place.RESPONSE);
            if (response.getHeaders() != null) {
                for (Map.Entry<String, Header> header : new ArrayList<>(response.getHeaders().entrySet())) {
                    if ("Retry-After".equalsIgnoreCase(header.getKey())) {
                        response.addHeader(header.getKey(), OASFactory.createHeader().ref(HEADERS + "Retry-After"));
                    } else if (header.getValue().getRef() == null && header.getValue().getSchema() == null) {
                        header.getValue().setSchema(string(ID_LENGTH)); // the data plane's X-Keyplane-* identity headers
                    }
                }
            }
            char kind = r.getKey().charAt(0);
            if (limited && (kind == '2' || kind == '4')) {
                for (String name : RATE_LIMIT_HEADERS) {
                    response.addHeader(name, OASFactory.createHeader().ref(HEADERS + name));
                }
            }
        }
    }

    /**
     * One requirement per way of presenting the key (Quarkus adds a duplicate), and on the admin-key
     * operations the permission they need, so that they are told apart from everything an admin key can do.
     */
    private static void security(String path, PathItem.HttpMethod method, Operation op) {
        if (op.getSecurity() == null) {
            return;
        }
        List<SecurityRequirement> unique = new ArrayList<>();
        Set<String> schemes = new java.util.HashSet<>();
        for (SecurityRequirement requirement : op.getSecurity()) {
            if (schemes.add(String.valueOf(requirement.getSchemes().keySet()))) {
                unique.add(requirement);
            }
        }
        if (path.startsWith("/v1/organization/admin_api_keys")) {
            String permission = method == PathItem.HttpMethod.GET ? "admin_keys.read" : "admin_keys.write";
            for (SecurityRequirement requirement : unique) {
                for (String scheme : new ArrayList<>(requirement.getSchemes().keySet())) {
                    requirement.addScheme(scheme, List.of(permission));
                }
            }
        }
        op.setSecurity(unique);
    }

    private void parameter(Parameter p) {
        if (p.getSchema() == null || p.getSchema().getRef() != null) {
            return;
        }
        Schema s = p.getSchema();
        if ("Idempotency-Key".equalsIgnoreCase(p.getName())) {
            if (s.getMaxLength() == null) {
                s.setMaxLength(255);
            }
            if (s.getPattern() == null) {
                s.setPattern("^[!-~]+$"); // printable ASCII, as IdempotencyService requires
            }
            return;
        }
        if ("limit".equals(p.getName()) && has(s, SchemaType.INTEGER)) {
            boolean standard = s.getDefaultValue() != null && new BigDecimal(s.getDefaultValue().toString()).intValue() <= 20;
            bound(s, 0, standard ? 100 : 1000, "int32");
            return;
        }
        if (has(s, SchemaType.ARRAY)) {
            if (s.getEnumeration() != null) { // @Schema(type = ARRAY, enumeration = ...) means the items' values
                Schema items = s.getItems() != null ? s.getItems() : OASFactory.createSchema().addType(SchemaType.STRING);
                items.setEnumeration(s.getEnumeration());
                s.setItems(items);
                s.setEnumeration(null);
            }
            if (s.getMaxItems() == null) {
                s.setMaxItems(QUERY_ARRAY_ITEMS);
            }
            if (s.getItems() != null) {
                schema(s.getItems(), null, Place.PARAMETER);
            }
            return;
        }
        schema(s, p.getName(), Place.PARAMETER);
    }

    private void content(Content content, Place place) {
        if (content == null || content.getMediaTypes() == null) {
            return;
        }
        for (MediaType media : content.getMediaTypes().values()) {
            if (media.getSchema() != null) {
                schema(media.getSchema(), null, place);
            }
        }
    }

    private void schema(Schema s, String name, Place place) {
        if (s == null || seen.put(s, Boolean.TRUE) != null) {
            return;
        }
        boolean wrapsReference = s.getRef() != null || (s.getAnyOf() != null && s.getAnyOf().stream().anyMatch(a -> a.getRef() != null));
        if (wrapsReference && s.getProperties() == null) {
            s.setType(null); // a nullable reference: the referenced schema has the type (and its bounds)
        }
        if (s.getRef() == null) {
            if (has(s, SchemaType.STRING) && s.getMaxLength() == null && s.getEnumeration() == null && s.getConstValue() == null) {
                s.setMaxLength(isId(name) ? ID_LENGTH : place == Place.PARAMETER ? PARAMETER_LENGTH : BODY_BYTES);
            }
            if (has(s, SchemaType.INTEGER)) {
                if ("unixtime".equals(s.getFormat())) {
                    bound(s, 0, YEAR_9999, "int64");
                } else {
                    bound(s, 0, Long.MAX_VALUE, "int64");
                }
            }
            if (has(s, SchemaType.ARRAY) && s.getMaxItems() == null) {
                s.setMaxItems(place == Place.RESPONSE ? RESPONSE_ITEMS : BODY_BYTES / 2);
            }
        }
        if (s.getProperties() != null) {
            s.getProperties().forEach((property, child) -> schema(child, property, place));
        }
        schema(s.getItems(), name, place);
        schema(s.getAdditionalPropertiesSchema(), null, place);
        for (List<Schema> group : java.util.Arrays.asList(s.getAnyOf(), s.getOneOf(), s.getAllOf())) {
            if (group != null) {
                group.forEach(child -> schema(child, name, place));
            }
        }
    }

    /** Keyplane's identifiers; user-chosen ones ({@code external_id}) keep their own bound. */
    private static boolean isId(String name) {
        return name != null && (name.equals("id") || name.endsWith("_id") || name.equals("first_id") || name.equals("last_id"))
                && !name.startsWith("external");
    }

    /** Sets what is missing: the format (unixtime becomes int64), the minimum and the maximum. */
    private static void bound(Schema s, long min, long max, String format) {
        if (s.getFormat() == null || !(s.getFormat().equals("int32") || s.getFormat().equals("int64"))) {
            s.setFormat(format);
        }
        if (s.getMinimum() == null) {
            s.setMinimum(BigDecimal.valueOf(min));
        }
        if (s.getMaximum() == null) {
            s.setMaximum(BigDecimal.valueOf("int32".equals(s.getFormat()) ? Math.min(max, Integer.MAX_VALUE) : max));
        }
    }

    private static boolean has(Schema s, SchemaType type) {
        return s.getType() != null && s.getType().contains(type);
    }

    private static Schema string(int maxLength) {
        return OASFactory.createSchema().addType(SchemaType.STRING).maxLength(maxLength);
    }

    private static Schema integer(long min, long max, String format) {
        return OASFactory.createSchema().addType(SchemaType.INTEGER).format(format)
                .minimum(BigDecimal.valueOf(min)).maximum(BigDecimal.valueOf(max));
    }

    private static Header header(String description, Schema schema) {
        return OASFactory.createHeader().description(description).schema(schema);
    }
}
