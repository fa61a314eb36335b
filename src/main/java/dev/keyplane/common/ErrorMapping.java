package dev.keyplane.common;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Turns any failure into the {@link ApiException} the client is told about: one classification for every
 * dialect (each dialect only renders the result in its own envelope, see {@code api.ErrorResponses}).
 */
public final class ErrorMapping {

    private static final Logger LOG = Logger.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    /** The client-facing failure behind any throwable: an {@link ApiException} as it is, anything else classified. */
    public static ApiException classify(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api; // the common case, e.g. every refused key of a flood: nothing to walk
        }
        ApiException quota = quotaExceeded(failure);
        if (quota != null) {
            return quota;
        }
        Throwable root = unwrap(failure);
        if (!(root instanceof ApiException) && lostDatabase(failure)) {
            // however it is wrapped (Hibernate's "Failed to commit transaction", a CompositeException, ...): the
            // client did nothing wrong and should retry, so never a 500 and never a 400
            LOG.warnf("Database unavailable: %s", root.toString());
            return databaseUnavailable();
        }
        return classifyUnwrapped(root);
    }

    static ApiException databaseUnavailable() {
        return new ApiException(ErrorKind.UNAVAILABLE, "database_unavailable", "The database is unavailable; retry shortly.", null);
    }

    /**
     * Everything a failure carries, once each: itself, its causes, a {@link CompositeException}'s members and
     * suppressed exceptions, however nested. The one walk both classifications below read.
     */
    private static java.util.List<Throwable> chain(Throwable failure) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        java.util.ArrayDeque<Throwable> pending = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable c = pending.poll();
            if (!seen.add(c)) {
                continue;
            }
            all.add(c);
            if (c instanceof CompositeException composite) {
                composite.getCauses().stream().filter(java.util.Objects::nonNull).forEach(pending::add);
            }
            if (c.getCause() != null) {
                pending.add(c.getCause());
            }
            for (Throwable suppressed : c.getSuppressed()) {
                pending.add(suppressed);
            }
        }
        return all;
    }

    /**
     * True when the connection to PostgreSQL was lost or could not be had: refused, closed, reset, timed out
     * (including waiting for a pooled connection), or a connection-class SQLSTATE, anywhere in the chain.
     */
    static boolean lostDatabase(Throwable failure) {
        boolean databaseLayer = false;
        boolean connectionTrouble = false;
        for (Throwable c : chain(failure)) {
            if (connectionLost(c)) {
                return true;
            }
            String type = c.getClass().getName();
            databaseLayer |= type.startsWith("org.hibernate.") || type.startsWith("io.vertx.sqlclient.")
                    || type.startsWith("io.vertx.pgclient.") || c instanceof java.sql.SQLException;
            // A socket of ours failed: on the request path the only sockets besides the client's (whose failures
            // end the request instead of reaching a resource) are PostgreSQL's. It surfaces bare, unwrapped.
            if (c instanceof java.net.SocketException || c instanceof java.nio.channels.ClosedChannelException
                    || type.endsWith("NativeIoException")) {
                return true;
            }
            String message = c.getMessage() == null ? "" : c.getMessage().toLowerCase(java.util.Locale.ROOT);
            connectionTrouble |= message.contains("connection reset")
                    || message.contains("connection closed") || message.contains("connection was closed")
                    || message.contains("connection refused") || message.contains("connection has been closed");
        }
        return databaseLayer && connectionTrouble;
    }

    /**
     * A quota trigger's refusal (a SQLSTATE of class KP1, see {@link QuotaKind}), however deep the database error
     * is wrapped, or null. Decoded from structured fields only: the SQLSTATE names the quota; the DETAIL, when the
     * driver's {@link PgException} is still in the chain, gives the scope and the limit. It is on every path today:
     * the triggers are deferred, so they refuse the COMMIT, which the raw client and Hibernate Reactive (through
     * Vert.x's {@code Transaction.commit}) both report as the {@link PgException}. Hibernate Reactive turns a failed
     * statement into a bare {@code SQLException} (SQLSTATE and message only); should a refusal ever come that way
     * (a trigger made immediate, {@code SET CONSTRAINTS ... IMMEDIATE}), the message says what the SQLSTATE tells.
     * The trigger's own message text is never read.
     */
    private static ApiException quotaExceeded(Throwable failure) {
        PgException withDetail = null;
        String sqlState = null;
        for (Throwable c : chain(failure)) {
            String state = sqlState(c);
            if (QuotaKind.isQuotaSqlState(state)) {
                sqlState = sqlState == null ? state : sqlState;
                if (withDetail == null && c instanceof PgException pg && pg.getDetail() != null) {
                    withDetail = pg;
                }
            }
        }
        if (sqlState == null) {
            return null;
        }
        QuotaKind quota = QuotaKind.bySqlState(withDetail != null ? withDetail.getSqlState() : sqlState);
        JsonNode detail = withDetail == null ? null : quotaDetail(withDetail.getDetail());
        String scope = text(detail, "scope");
        String scopeId = text(detail, "scope_id");
        Integer limit = detail != null && detail.path("limit").isInt() ? detail.path("limit").intValue() : null;
        String message;
        if (quota != null) {
            message = quota.refusal(scope, scopeId, limit);
        } else { // KP100, or a quota added to the database before this list: the DETAIL may still name it
            String name = text(detail, "quota");
            QuotaKind named = QuotaKind.byWireName(name);
            message = named != null ? named.refusal(scope, scopeId, limit)
                    : name != null ? QuotaKind.refusal(name, null, scope, scopeId, limit)
                    : "A quota was reached: no more of these fit within its limit.";
        }
        return ApiException.conflict("quota_exceeded", message, null);
    }

    /** The SQLSTATE a link of a failure chain carries (the driver's, JDBC's or Hibernate's), or null. */
    private static String sqlState(Throwable c) {
        return c instanceof PgException pg ? pg.getSqlState()
                : c instanceof java.sql.SQLException sql ? sql.getSQLState()
                : c instanceof org.hibernate.JDBCException jdbc ? jdbc.getSQLState() : null;
    }

    private static final ObjectMapper DETAIL_JSON = new ObjectMapper();

    /** A quota refusal's DETAIL: a JSON object (R__quotas.sql), or null when it is not one. */
    private static JsonNode quotaDetail(String detail) {
        try {
            JsonNode node = DETAIL_JSON.readTree(detail);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.path(field).isTextual() ? node.path(field).textValue() : null;
    }

    /** Finds the failure worth reporting: an {@link ApiException} anywhere in the chain, else the root of wrappers. */
    static Throwable unwrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ApiException) {
                return c;
            }
        }
        Throwable current = t;
        for (int i = 0; i < 10; i++) {
            if (current instanceof CompositeException composite) {
                current = composite.getCauses().get(0);
            } else if (current instanceof CompletionException && current.getCause() != null) {
                current = current.getCause();
            } else {
                return current;
            }
        }
        return current;
    }

    static ApiException classifyUnwrapped(Throwable t) {
        if (t instanceof ApiException api) {
            return api;
        }
        if (t instanceof AuthenticationException || t instanceof UnauthorizedException) {
            return ApiException.unauthorized();
        }
        if (t instanceof ForbiddenException) {
            return ApiException.forbidden("Your API key's role does not allow this operation.");
        }
        if (t instanceof ConstraintViolationException cve) {
            return fromViolations(cve);
        }
        if (t instanceof UnrecognizedPropertyException upe) {
            return ApiException.invalid(path(upe), "Unrecognized request argument supplied: " + upe.getPropertyName() + ".");
        }
        if (t instanceof InvalidFormatException ife && ife.getValue() instanceof String text && text.indexOf('\0') >= 0) {
            return ApiException.invalid(path(ife), path(ife) + " must not contain NUL (\\u0000) characters.");
        }
        if (t instanceof InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()) {
            String allowed = Arrays.stream(ife.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining("', '", "'", "'"));
            return ApiException.invalid(path(ife), "Invalid value for " + path(ife) + ": '" + ife.getValue()
                    + "'. Supported values are: " + allowed + ".");
        }
        if (t instanceof MismatchedInputException mie) {
            String param = path(mie);
            return param == null
                    ? ApiException.invalid(null, "The request body must be a JSON object.")
                    : ApiException.invalid(param, "Invalid type for " + param + ".");
        }
        if (t instanceof JacksonException) {
            return ApiException.invalid(null, "We could not parse the JSON body of your request.");
        }
        if (t instanceof WebApplicationException wae) {
            return fromStatus(wae.getResponse().getStatus(), wae);
        }
        // a lost database was ruled out over the whole chain by classify, before unwrapping
        if (t instanceof java.io.IOException io) {
            // Reading the body failed: past the size limit while streaming a chunked body (Quarkus has
            // then already answered 413 and closed), or the client hung up mid-body. Neither is ours.
            LOG.debugf("Request body not read: %s", io.toString());
            return "Request too large".equals(io.getMessage())
                    ? new ApiException(ErrorKind.PAYLOAD_TOO_LARGE, "request_too_large", "The request body is larger than the limit.", null)
                    : ApiException.invalid(null, "The request body could not be read.");
        }
        LOG.error("Unexpected failure", t);
        return new ApiException(ErrorKind.INTERNAL, "internal_error", "The server had an error processing your request.", null);
    }

    private static ApiException fromStatus(int status, WebApplicationException wae) {
        Throwable cause = wae.getCause();
        if (cause != null && cause != wae && status == 400) {
            return classifyUnwrapped(unwrap(cause));
        }
        return switch (status) {
            case 400 -> ApiException.invalid(null, "The request is malformed.");
            case 401 -> ApiException.unauthorized();
            case 403 -> ApiException.forbidden("Your API key's role does not allow this operation.");
            case 404 -> new ApiException(ErrorKind.NOT_FOUND, "not_found", "No such route or object.", null);
            case 405 -> new ApiException(ErrorKind.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "This method is not allowed on this route.", null);
            case 406 -> new ApiException(ErrorKind.NOT_ACCEPTABLE, "not_acceptable",
                    "This route only produces application/json.", null);
            case 413 -> new ApiException(ErrorKind.PAYLOAD_TOO_LARGE, "request_too_large",
                    "The request body is larger than the limit.", null);
            case 415 -> new ApiException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "The request body must be application/json.", null);
            default -> status >= 500
                    ? new ApiException(ErrorKind.INTERNAL, "internal_error", "The server had an error processing your request.", null)
                    : ApiException.invalid(null, "The request could not be processed.");
        };
    }

    private static ApiException fromViolations(ConstraintViolationException cve) {
        Iterator<ConstraintViolation<?>> it = cve.getConstraintViolations().iterator();
        if (!it.hasNext()) {
            return ApiException.invalid(null, "The request is invalid.");
        }
        ConstraintViolation<?> v = it.next();
        // Body fields are PROPERTY nodes (record components carry the wire names); a violation on the
        // parameter itself means the body is missing.
        String param = null;
        for (var node : v.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                param = param == null ? node.getName() : param + "." + node.getName();
            }
        }
        if (param == null) {
            return ApiException.invalid(null, "A JSON request body is required.");
        }
        return ApiException.invalid(param, param + " " + v.getMessage() + ".");
    }

    private static String path(JsonMappingException e) {
        if (e.getPath() == null || e.getPath().isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** One link of a failure chain that by itself means the database connection is gone or could not be had. */
    private static boolean connectionLost(Throwable c) {
        String type = c.getClass().getName();
        if (c instanceof ConnectException
                // "Failed to read any response from the server, the underlying connection may have been lost"
                || type.equals("io.vertx.sqlclient.ClosedConnectionException")
                || type.startsWith("io.vertx.core.net.impl.ConnectionBase")
                || type.equals("io.vertx.core.impl.NoStackTraceTimeoutException")) { // waiting for a pooled connection
            return true;
        }
        // a statement sent on a pooled connection PostgreSQL has just closed (the raw client's words; a bare
        // NoStackTraceThrowable, not a VertxException)
        if (type.equals("io.vertx.core.impl.NoStackTraceThrowable") && c.getMessage() != null
                && c.getMessage().startsWith("Connection is not active now")) {
            return true;
        }
        String sqlState = sqlState(c);
        if (sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"))) {
            return true;
        }
        return c instanceof VertxException ve && ve.getMessage() != null
                && (ve.getMessage().contains("Connection") || ve.getMessage().contains("Timeout"));
    }
}
