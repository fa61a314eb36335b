package dev.keyplane.common;

/**
 * A failure the client can act on. It carries everything the error envelope needs; the status table
 * lives in {@link ErrorKind}. Thrown by services, turned into a response by {@code ErrorMapping}.
 */
public class ApiException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;
    private final String param;
    private final String subject;
    private final String subjectId;
    private final boolean outsideKeyScope;

    public ApiException(ErrorKind kind, String code, String message, String param) {
        this(kind, code, message, param, null, null, false);
    }

    private ApiException(ErrorKind kind, String code, String message, String param, String subject, String subjectId,
                         boolean outsideKeyScope) {
        super(message, null, false, false); // no stack trace: these are expected outcomes
        this.kind = kind;
        this.code = code;
        this.param = param;
        this.subject = subject;
        this.subjectId = subjectId;
        this.outsideKeyScope = outsideKeyScope;
    }

    /** For a 404: what was looked for ({@code "project"}) and its id, so a dialect can word it its own way. */
    public String subject() {
        return subject;
    }

    public String subjectId() {
        return subjectId;
    }

    /**
     * A 404 for an object of the caller's own organization that the key's project scope hides. Most
     * dialects answer it as any 404; one whose contract says "403 if you are not a member" answers 403.
     */
    public boolean outsideKeyScope() {
        return outsideKeyScope;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public static ApiException invalid(String param, String message) {
        return new ApiException(ErrorKind.INVALID_REQUEST, "invalid_value", message, param);
    }

    public static ApiException unauthorized() {
        return new ApiException(ErrorKind.UNAUTHORIZED, "invalid_api_key",
                "Missing, invalid, expired or revoked API key.", null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorKind.FORBIDDEN, "insufficient_permissions", message, null);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(ErrorKind.NOT_FOUND, "not_found", "No " + what + " found with id '" + id + "'.", null,
                what, id, false);
    }

    public static ApiException notFound(IdPrefix kind, String id) {
        return notFound(kind.noun(), id);
    }

    /** See {@link #outsideKeyScope()}. */
    public static ApiException outsideKeyScope(IdPrefix kind, String id) {
        return new ApiException(ErrorKind.NOT_FOUND, "not_found", "No " + kind.noun() + " found with id '" + id + "'.", null,
                kind.noun(), id, true);
    }

    public static ApiException conflict(String code, String message, String param) {
        return new ApiException(ErrorKind.CONFLICT, code, message, param);
    }

    public static ApiException unprocessable(String code, String message, String param) {
        return new ApiException(ErrorKind.UNPROCESSABLE, code, message, param);
    }

    public static ApiException rateLimited(String message) {
        return new ApiException(ErrorKind.RATE_LIMITED, "rate_limit_exceeded", message, null);
    }

    public static ApiException overloaded(String message) {
        return new ApiException(ErrorKind.UNAVAILABLE, "overloaded", message, null);
    }
}
