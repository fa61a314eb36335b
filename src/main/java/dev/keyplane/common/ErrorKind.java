package dev.keyplane.common;

/** The status table: every error Keyplane returns is one of these. */
public enum ErrorKind {
    INVALID_REQUEST(400, "invalid_request_error"),
    UNAUTHORIZED(401, "invalid_request_error"),
    FORBIDDEN(403, "invalid_request_error"),
    NOT_FOUND(404, "invalid_request_error"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error"),
    NOT_ACCEPTABLE(406, "invalid_request_error"),
    CONFLICT(409, "invalid_request_error"),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error"),
    UNPROCESSABLE(422, "invalid_request_error"),
    RATE_LIMITED(429, "rate_limit_error"),
    INTERNAL(500, "server_error"),
    UNAVAILABLE(503, "server_error");

    private final int status;
    private final String type;

    ErrorKind(int status, String type) {
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
