package dev.keyplane.common;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.keyplane.common.QuotaKind;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import org.hibernate.HibernateException;
import org.hibernate.JDBCException;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ErrorMapping.classify beyond a lost database: pass-through, quotas, bad input, security, and the 500 for the rest. */
class ErrorMappingClassificationTest {

    private static final String QUOTA_WORDS = "Quota 'projects' reached: organization org_1 holds the most projects it may (3).";
    /** What R__quotas.sql puts in the DETAIL (jsonb's text form). */
    private static final String QUOTA_DETAIL = "{\"limit\": 3, \"quota\": \"projects\", \"scope\": \"organization\", \"scope_id\": \"org_1\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Color { RED, GREEN }

    record Inner(Integer count) {}

    record Body(String name, Integer count, Color color, Inner inner, List<Integer> items) {}

    private static ApiException classifyJson(String json) {
        return ErrorMapping.classify(assertThrows(IOException.class, () -> JSON.readValue(json, Body.class)));
    }

    private static void assertKind(ErrorKind kind, String code, ApiException e) {
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
    }

    // --- pass-through ---

    @Test
    void anApiExceptionPassesThroughAsItIsHoweverWrapped() {
        ApiException conflict = ApiException.conflict("name_taken", "taken", "name");
        assertSame(conflict, ErrorMapping.classify(conflict));
        assertSame(conflict, ErrorMapping.classify(new CompletionException(conflict)));
        assertSame(conflict, ErrorMapping.classify(new RuntimeException("outer", new IllegalStateException("mid", conflict))));
    }

    @Test
    void anApiExceptionWinsOverDatabaseTroubleAroundIt() {
        ApiException notFound = ApiException.notFound("project", "proj_1");
        assertSame(notFound, ErrorMapping.classify(new HibernateException("connection closed", notFound)));
    }

    // --- quotas: decoded from the SQLSTATE and the DETAIL (R__quotas.sql, QuotaKind), never from the message ---

    @Test
    void theDriversRefusalGivesTheScopeAndTheLimitInEveryWrapper() {
        // what the raw reactive client and a Hibernate commit keep: the PgException with its DETAIL
        PgException pg = new PgException("words nobody reads", "ERROR", "KP101", QUOTA_DETAIL);
        for (Throwable failure : List.<Throwable>of(pg, new HibernateException("flush failed", pg),
                new CompletionException(new HibernateException("Failed to commit transaction", pg)),
                new CompositeException(List.of(pg, new IllegalStateException("rollback failed"))),
                new JDBCException("x", new SQLException("x", "KP101", pg)))) {
            ApiException e = ErrorMapping.classify(failure);
            assertKind(ErrorKind.CONFLICT, "quota_exceeded", e);
            assertEquals(409, e.kind().status());
            assertEquals(QUOTA_WORDS, e.getMessage(), "composed from the DETAIL: " + failure);
        }
    }

    @Test
    void theSqlStateAloneNamesTheQuotaWhereHibernateDroppedTheRest() {
        // Hibernate Reactive converts a failed statement's PgException into new SQLException(message, sqlState, code):
        // the message text is not read (here it even names another quota), the SQLSTATE tells which quota refused
        String misleading = "ERROR: Quota 'certificates' reached: organization org_9 holds the most certificates it may (7). (KP107)";
        SQLException sql = new SQLException(misleading, "KP101", 0);
        JDBCException jdbc = new JDBCException("could not execute statement [" + misleading + "]", new SQLException(misleading, "KP101"));
        for (Throwable failure : List.<Throwable>of(sql, jdbc, new CompletionException(new HibernateException("x", sql)),
                new CompositeException(List.of(jdbc, new IllegalStateException("rollback failed"))))) {
            ApiException e = ErrorMapping.classify(failure);
            assertKind(ErrorKind.CONFLICT, "quota_exceeded", e);
            assertEquals("Quota 'projects' reached: no more projects fit within its limit.", e.getMessage(), failure.toString());
        }
    }

    @Test
    void eachQuotaHasItsOwnSqlState() {
        java.util.Set<String> states = new java.util.HashSet<>();
        for (QuotaKind quota : QuotaKind.values()) {
            assertTrue(states.add(quota.sqlState()), "one SQLSTATE per quota: " + quota);
            assertTrue(QuotaKind.isQuotaSqlState(quota.sqlState()), quota.toString());
            ApiException e = ErrorMapping.classify(new SQLException("x", quota.sqlState()));
            assertKind(ErrorKind.CONFLICT, "quota_exceeded", e);
            assertTrue(e.getMessage().startsWith("Quota '" + quota.wireName() + "' reached"), e.getMessage());
        }
        assertEquals("Quota 'keys_per_project' reached: project proj_1 holds the most API keys it may (2).", ErrorMapping.classify(
                new PgException("x", "ERROR", "KP102", "{\"quota\": \"keys_per_project\", \"scope\": \"project\", "
                        + "\"scope_id\": \"proj_1\", \"limit\": 2}")).getMessage());
    }

    @Test
    void aQuotaWithoutItsOwnSqlStateIsNamedByTheDetail() {
        ApiException e = ErrorMapping.classify(new PgException("x", "ERROR", "KP100",
                "{\"quota\": \"gadgets\", \"scope\": \"organization\", \"scope_id\": \"org_1\", \"limit\": 5}"));
        assertKind(ErrorKind.CONFLICT, "quota_exceeded", e);
        assertEquals("Quota 'gadgets' reached: organization org_1 holds the most items it may (5).", e.getMessage());
        // a DETAIL that is not the JSON object (an older trigger's bare quota name): what the SQLSTATE tells
        assertEquals("Quota 'certificates' reached: no more certificates fit within its limit.",
                ErrorMapping.classify(new PgException("x", "ERROR", "KP107", "certificates")).getMessage());
    }

    @Test
    void anotherSqlStateIsNotAQuota() {
        ApiException e = ErrorMapping.classify(new PgException("duplicate key value", "ERROR", "23505", null));
        assertKind(ErrorKind.INTERNAL, "internal_error", e);
        assertKind(ErrorKind.INTERNAL, "internal_error", ErrorMapping.classify(new SQLException("Quota 'projects' reached", "P0001")));
    }

    // --- a lost database (more in ErrorMappingTest) ---

    @Test
    void aRefusedConnectionOrAConnectionClassSqlStateIs503() {
        for (Throwable failure : List.<Throwable>of(new ConnectException("Connection refused"),
                new HibernateException("x", new ConnectException("Connection refused")),
                new PgException("connection failure", "FATAL", "08006", null),
                new JDBCException("x", new SQLException("admin shutdown", "57P01")))) {
            assertKind(ErrorKind.UNAVAILABLE, "database_unavailable", ErrorMapping.classify(failure));
        }
    }

    @Test
    void connectionWordsOutsideTheDatabaseLayerAreNot503() {
        assertKind(ErrorKind.INTERNAL, "internal_error", ErrorMapping.classify(new IllegalStateException("Connection reset")));
        assertFalse(ErrorMapping.lostDatabase(new IllegalStateException("connection refused")));
    }

    // --- bad input: 400 naming the parameter ---

    @Test
    void anUnknownFieldIsA400NamingIt() {
        ApiException e = classifyJson("{\"name\":\"a\",\"colour\":\"RED\"}");
        assertKind(ErrorKind.INVALID_REQUEST, "invalid_value", e);
        assertEquals("colour", e.param());
        assertEquals("Unrecognized request argument supplied: colour.", e.getMessage());
    }

    @Test
    void aWrongTypeIsA400NamingTheFieldsPath() {
        ApiException top = classifyJson("{\"count\":\"many\"}");
        assertKind(ErrorKind.INVALID_REQUEST, "invalid_value", top);
        assertEquals("count", top.param());
        assertEquals("Invalid type for count.", top.getMessage());
        assertEquals("inner.count", classifyJson("{\"inner\":{\"count\":\"x\"}}").param());
        assertEquals("items[1]", classifyJson("{\"items\":[1,\"x\"]}").param());
    }

    @Test
    void anUnknownEnumValueIsA400ListingTheSupportedOnes() {
        ApiException e = classifyJson("{\"color\":\"purple\"}");
        assertEquals("color", e.param());
        assertEquals("Invalid value for color: 'purple'. Supported values are: 'RED', 'GREEN'.", e.getMessage());
    }

    @Test
    void aStringWithNulIsA400SayingSo() {
        InvalidFormatException nul = InvalidFormatException.from(null, "NUL", "a\u0000b", String.class);
        nul.prependPath(new JsonMappingException.Reference(Body.class, "name"));
        ApiException e = ErrorMapping.classify(nul);
        assertEquals("name", e.param());
        assertEquals("name must not contain NUL (\\u0000) characters.", e.getMessage());
    }

    @Test
    void aBodyThatIsNotAnObjectOrNotJsonIsA400WithoutParam() {
        ApiException array = classifyJson("[1,2]");
        assertKind(ErrorKind.INVALID_REQUEST, "invalid_value", array);
        assertNull(array.param());
        assertEquals("The request body must be a JSON object.", array.getMessage());
        ApiException broken = classifyJson("{\"name\": ");
        assertNull(broken.param());
        assertEquals(ErrorKind.INVALID_REQUEST, broken.kind());
    }

    static class Resource {
        void create(@NotNull @Valid Request body) {}
    }

    record Request(@NotBlank String name, @Valid Nested nested) {}

    record Nested(@Min(1) int count) {}

    private static ApiException violation(Request body) throws Exception {
        try (ValidatorFactory factory = Validation.byProvider(HibernateValidator.class).configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory()) {
            var violations = factory.getValidator().forExecutables().validateParameters(new Resource(),
                    Resource.class.getDeclaredMethod("create", Request.class), new Object[] {body});
            assertEquals(false, violations.isEmpty());
            return ErrorMapping.classify(new ConstraintViolationException(violations));
        }
    }

    @Test
    void aBodyConstraintViolationIsA400NamingTheBodyField() throws Exception {
        ApiException blank = violation(new Request(" ", new Nested(1)));
        assertKind(ErrorKind.INVALID_REQUEST, "invalid_value", blank);
        assertEquals("name", blank.param());
        assertEquals("name must not be blank.", blank.getMessage());
        assertEquals("nested.count", violation(new Request("ok", new Nested(0))).param());
    }

    @Test
    void aMissingBodyIsA400WithoutParam() throws Exception {
        ApiException missing = violation(null);
        assertNull(missing.param());
        assertEquals("A JSON request body is required.", missing.getMessage());
    }

    // --- the request itself, security, and everything else ---

    @Test
    void anOversizedOrUnreadableBodyIsTheClients() {
        assertKind(ErrorKind.PAYLOAD_TOO_LARGE, "request_too_large", ErrorMapping.classify(new IOException("Request too large")));
        assertKind(ErrorKind.INVALID_REQUEST, "invalid_value", ErrorMapping.classify(new IOException("Stream closed")));
    }

    @Test
    void aJaxRsStatusKeepsItsMeaningAndABadRequestIsJudgedByItsCause() {
        assertKind(ErrorKind.NOT_FOUND, "not_found", ErrorMapping.classify(new NotFoundException()));
        assertKind(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", ErrorMapping.classify(new WebApplicationException(415)));
        assertKind(ErrorKind.INTERNAL, "internal_error", ErrorMapping.classify(new WebApplicationException(502)));
        Throwable unknownField = assertThrows(IOException.class, () -> JSON.readValue("{\"size\":1}", Body.class));
        assertEquals("size", ErrorMapping.classify(new BadRequestException(unknownField)).param());
    }

    @Test
    void securityFailuresAre401And403() {
        assertKind(ErrorKind.UNAUTHORIZED, "invalid_api_key", ErrorMapping.classify(new AuthenticationFailedException()));
        assertKind(ErrorKind.FORBIDDEN, "insufficient_permissions", ErrorMapping.classify(new ForbiddenException()));
    }

    @Test
    void anythingElseIsA500ThatDoesNotLeakItsMessage() {
        for (Throwable failure : List.<Throwable>of(new IllegalStateException("secret detail"), new NullPointerException(),
                new CompletionException(new ArithmeticException("secret detail")), new HibernateException("secret detail"))) {
            ApiException e = ErrorMapping.classify(failure);
            assertKind(ErrorKind.INTERNAL, "internal_error", e);
            assertEquals(500, e.kind().status());
            assertEquals("The server had an error processing your request.", e.getMessage());
        }
    }
}
