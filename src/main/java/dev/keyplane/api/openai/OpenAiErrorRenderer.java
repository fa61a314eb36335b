package dev.keyplane.api.openai;

import dev.keyplane.api.Dialect;
import dev.keyplane.api.ErrorRenderer;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorResponse;
import jakarta.enterprise.context.ApplicationScoped;

/** The primary dialect's envelope {@code {"error":{"type","code","message","param"}}}, also used by the operator API and the data plane. */
@ApplicationScoped
public class OpenAiErrorRenderer implements ErrorRenderer {

    @Override
    public Dialect dialect() {
        return Dialect.PRIMARY;
    }

    @Override
    public Rendered render(ApiException failure, String method) {
        return new Rendered(failure.kind().status(), ErrorResponse.of(failure));
    }
}
