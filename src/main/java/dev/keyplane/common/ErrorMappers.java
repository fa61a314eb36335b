package dev.keyplane.common;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Registers {@link ErrorMapping} for every exception family Quarkus REST would otherwise answer itself
 * (with a different body); the most specific mapper wins, so each family is named.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ErrorMapping.toResponse(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        return ErrorMapping.toResponse(e);
    }

    @ServerExceptionMapper
    public Response json(JacksonException e) {
        return ErrorMapping.toResponse(e);
    }

    /** Replaces Quarkus's own mapper for wrong types and unknown fields. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return ErrorMapping.toResponse(e);
    }

    @ServerExceptionMapper
    public Response validation(ValidationException e) {
        return ErrorMapping.toResponse(e);
    }

    @ServerExceptionMapper
    public Response authentication(AuthenticationFailedException e) {
        return ErrorMapping.toResponse(e);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return ErrorMapping.toResponse(e);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ErrorMapping.toResponse(e);
    }

    @ServerExceptionMapper
    public Response any(Throwable e) {
        return ErrorMapping.toResponse(e);
    }
}
