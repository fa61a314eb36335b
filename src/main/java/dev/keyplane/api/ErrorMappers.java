package dev.keyplane.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.keyplane.common.ApiException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Sends every exception family Quarkus REST would otherwise answer itself (with a different body) through
 * {@link ErrorResponses}, in the dialect of the request's path; the most specific mapper wins, so each
 * family is named.
 */
public class ErrorMappers {

    @Inject
    ErrorResponses errors;

    @ServerExceptionMapper
    public Response api(ApiException e, HttpServerRequest request) {
        return errors.toResponse(e, request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        return errors.toResponse(e, request);
    }

    @ServerExceptionMapper
    public Response json(JacksonException e, HttpServerRequest request) {
        return errors.toResponse(e, request);
    }

    /** Replaces Quarkus's own mapper for wrong types and unknown fields. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return errors.toResponse(e, request);
    }

    @ServerExceptionMapper
    public Response validation(ValidationException e, HttpServerRequest request) {
        return errors.toResponse(e, request);
    }

    @ServerExceptionMapper
    public Response authentication(AuthenticationFailedException e, HttpServerRequest request) {
        return errors.toResponse(e, request);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return errors.toResponse(e, request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return errors.toResponse(e, request);
    }

    @ServerExceptionMapper
    public Response any(Throwable e, HttpServerRequest request) {
        return errors.toResponse(e, request);
    }
}
