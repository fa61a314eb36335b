package dev.keyplane.api.r4;

import dev.keyplane.api.Dialect;
import dev.keyplane.api.ErrorRenderer;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * R4's envelope {@code {"error":{"code","message"}}} with the seeds' codes and messages
 * ({@code project_creation_failed}, {@code unauthorized}, {@code project_not_found}) and codes of the same
 * style for every other failure. A create's 400 keeps the seed's sentence and adds what was wrong.
 */
@ApplicationScoped
public class R4ErrorRenderer implements ErrorRenderer {

    static final String CREATION_FAILED = "Failed to create the project. Please verify your input and try again.";
    static final String UNAUTHORIZED = "Invalid or missing API key. Please provide your API key in the X-API-Key header.";

    @Schema(name = "R4ErrorResponse")
    public record R4ErrorResponse(@Schema(required = true) Error error) {

        @Schema(name = "R4Error")
        public record Error(@Schema(required = true) String code, @Schema(required = true) String message) {}
    }

    @Override
    public Dialect dialect() {
        return Dialect.R4;
    }

    @Override
    public Rendered render(ApiException failure, String method) {
        return new Rendered(failure.kind().status(), switch (failure.kind()) {
            // The one 400 the seeds show is the create's; a bad parameter on a read is a plain invalid_request.
            case INVALID_REQUEST -> "POST".equals(method)
                    ? body("project_creation_failed", CREATION_FAILED + " " + failure.getMessage())
                    : body("invalid_request", failure.getMessage());
            case UNAUTHORIZED -> body("unauthorized", UNAUTHORIZED);
            case FORBIDDEN -> body("forbidden", failure.getMessage());
            case NOT_FOUND -> IdPrefix.PROJECT.noun().equals(failure.subject())
                    ? body("project_not_found", "The project with ID \"" + failure.subjectId()
                            + "\" was not found in your organization or you do not have access to it.")
                    : body("not_found", failure.getMessage());
            case METHOD_NOT_ALLOWED -> body("method_not_allowed", failure.getMessage());
            case NOT_ACCEPTABLE -> body("not_acceptable", failure.getMessage());
            case CONFLICT, UNPROCESSABLE -> body(failure.code(), failure.getMessage());
            case PAYLOAD_TOO_LARGE -> body("payload_too_large", failure.getMessage());
            case UNSUPPORTED_MEDIA_TYPE -> body("unsupported_media_type", failure.getMessage());
            case RATE_LIMITED -> body("rate_limited", failure.getMessage());
            case UNAVAILABLE -> body("service_unavailable", failure.getMessage());
            case INTERNAL -> body("internal_error", failure.getMessage());
        });
    }

    private static R4ErrorResponse body(String code, String message) {
        return new R4ErrorResponse(new R4ErrorResponse.Error(code, message));
    }
}
