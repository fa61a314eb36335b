package dev.keyplane.api;

/**
 * The HTTP dialects Keyplane speaks, each over the same services: the primary (OpenAI Admin API) one and
 * the three seed dialects. A request belongs to a dialect by its path, so that even a failure before any
 * resource matched (no key, unknown route, body too large) is answered in the dialect's own envelope.
 */
public enum Dialect {
    /** {@code /v1/...}: the OpenAI-compatible API, the operator API and the data plane. */
    PRIMARY("ErrorResponse", null),
    /** Seed 000: {@code /machine/projects}. */
    MACHINE("MachineErrorResponse", "machine"),
    /** Seed 002: {@code /projects}, {@code /api-keys}. */
    INGEST("IngestErrorResponse", "ingest"),
    /** Seeds 003/004: {@code /api/v1/machine/project}. */
    R4("R4ErrorResponse", "r4");

    /** The OpenAPI scan profile extension that puts a resource into this dialect's own document. */
    public static final String MACHINE_PROFILE = "x-smallrye-profile-machine";
    public static final String INGEST_PROFILE = "x-smallrye-profile-ingest";
    public static final String R4_PROFILE = "x-smallrye-profile-r4";

    private final String errorSchema;
    private final String documentName;

    Dialect(String errorSchema, String documentName) {
        this.errorSchema = errorSchema;
        this.documentName = documentName;
    }

    /** The OpenAPI schema name of this dialect's error body. */
    public String errorSchema() {
        return errorSchema;
    }

    /** The name of this dialect's own OpenAPI document ({@code /q/openapi-<name>}); {@code null} for the primary one. */
    public String documentName() {
        return documentName;
    }

    public static Dialect of(String path) {
        if (path == null) {
            return PRIMARY;
        }
        if (under(path, "/api/v1/machine")) {
            return R4;
        }
        if (under(path, "/machine")) {
            return MACHINE;
        }
        if (under(path, "/projects") || under(path, "/api-keys")) {
            return INGEST;
        }
        return PRIMARY;
    }

    private static boolean under(String path, String root) {
        return path.startsWith(root) && (path.length() == root.length() || path.charAt(root.length()) == '/');
    }
}
