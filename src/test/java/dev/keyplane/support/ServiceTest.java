package dev.keyplane.support;

import dev.keyplane.access.Caller;
import dev.keyplane.auth.KeyAuthenticator;
import dev.keyplane.common.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Base of the service-level tests: the services are injected and called directly on a Vert.x context
 * ({@code @RunOnVertxContext} with a {@code UniAsserter}), beside the HTTP tests. The organization and its owner key
 * come from {@link ApiTest} (over HTTP, in {@code @BeforeEach}, off the event loop); any other HTTP set-up belongs in a
 * {@code @BeforeEach} too, never in a test method, which runs on an event loop. A {@link Caller} is had the honest way:
 * by authenticating a raw key, as a request carrying it would be.
 */
public abstract class ServiceTest extends ApiTest {

    @Inject
    protected KeyAuthenticator authenticator;

    /** The caller a raw key authenticates as (a 401 {@link ApiException} for anything but a live key). */
    protected Uni<Caller> callerOf(String rawKey) {
        return authenticator.authenticate(rawKey);
    }

    /** Asserts that {@code failure} is the {@link ApiException} with this status and code; returns it for more checks. */
    protected static ApiException assertApiError(Throwable failure, int status, String code) {
        ApiException api = assertInstanceOf(ApiException.class, failure, () -> "not an ApiException: " + failure);
        assertEquals(status, api.kind().status(), () -> "status of " + api.code() + ": " + api.getMessage());
        assertEquals(code, api.code(), api::getMessage);
        return api;
    }
}
