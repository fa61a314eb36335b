package dev.keyplane.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The one error envelope: {@code {"error":{"type","code","message","param"}}}. */
@Schema(name = "ErrorResponse")
public record ErrorResponse(@Schema(required = true) Error error) {

    @Schema(name = "ErrorDetails", description = "The reference names this schema Error; renamed because SDK generators reserve that word.")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Error(
            @Schema(required = true) String type,
            @Schema(required = true, nullable = true) String code,
            @Schema(required = true) String message,
            @Schema(required = true, nullable = true) String param) {
    }

    public static ErrorResponse of(ApiException e) {
        return of(e.kind(), e.code(), e.getMessage(), e.param());
    }

    public static ErrorResponse of(ErrorKind kind, String code, String message, String param) {
        return new ErrorResponse(new Error(kind.type(), code, message, param));
    }
}
