package dev.keyplane.common;

/**
 * A failure the client can act on. It carries everything the error envelope needs; the status table
 * lives in {@link ErrorKind}. Thrown by services, turned into a response by {@code ErrorMapping}.
 */
public class ApiException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;
    private final String param;

    public ApiException(ErrorKind kind, String code, String message, String param) {
        super(message, null, false, false); // no stack trace: these are expected outcomes
        this.kind = kind;
        this.code = code;
        this.param = param;
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
        return new ApiException(ErrorKind.NOT_FOUND, "not_found", "No " + what + " found with id '" + id + "'.", null);
    }

    public static ApiException conflict(String code, String message, String param) {
        return new ApiException(ErrorKind.CONFLICT, code, message, param);
    }

    public static ApiException unprocessable(String code, String message, String param) {
        return new ApiException(ErrorKind.UNPROCESSABLE, code, message, param);
    }

    public static ApiException overloaded(String message) {
        return new ApiException(ErrorKind.UNAVAILABLE, "overloaded", message, null);
    }
}
