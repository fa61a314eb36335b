package dev.keyplane.api.machine;

import dev.keyplane.api.Dialect;
import dev.keyplane.api.ErrorRenderer;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Seed 000's envelope {@code {"error":{"code","message"}}}. Its one difference in status: a project of the
 * caller's organization that the key may not access is a 403 ("Returns 403 if you're not a member"), where
 * the primary dialect hides it behind a 404.
 */
@ApplicationScoped
public class MachineErrorRenderer implements ErrorRenderer {

    @Schema(name = "MachineErrorResponse")
    public record MachineErrorResponse(@Schema(required = true) Error error) {

        @Schema(name = "MachineError")
        public record Error(@Schema(required = true) String code, @Schema(required = true) String message) {}
    }

    @Override
    public Dialect dialect() {
        return Dialect.MACHINE;
    }

    @Override
    public Rendered render(ApiException failure, String method) {
        if (failure.outsideKeyScope()) {
            return new Rendered(ErrorKind.FORBIDDEN.status(), body("not_a_member",
                    "This API key is not a member of " + failure.subject() + " '" + failure.subjectId() + "'."));
        }
        return new Rendered(failure.kind().status(), body(failure.code(), failure.getMessage()));
    }

    private static MachineErrorResponse body(String code, String message) {
        return new MachineErrorResponse(new MachineErrorResponse.Error(code, message));
    }
}
