package dev.keyplane.auth;

import dev.keyplane.access.Internal;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Hands every request the authentication-failure handler that Quarkus REST would give it, without the work
 * Quarkus REST does first. With metrics or tracing present, Quarkus REST's own filter (which runs right after
 * authentication) works out the request's route template on every request, building a fresh route table to do
 * it, in case authentication fails before REST runs. Authentication here is lazy (it runs inside REST, whose
 * exception mappers render its failures), so that never happens, and the table cost a fifth of a ping's time
 * (docs/benchmarks.md, issue 20). This filter runs between the two and puts the same failing handler in place;
 * Quarkus REST's filter then finds nothing to replace and does nothing.
 */
@Internal("HTTP plumbing: runs before there is a caller")
@ApplicationScoped
public class AuthFailureHandling {

    /** Fails the route with the root cause, as Quarkus REST's handler does, so the exception mappers answer. */
    static final BiConsumer<RoutingContext, Throwable> FAIL_THE_ROUTE = (context, failure) -> {
        DefaultAuthFailureHandler.markIfOtherAuthenticationFailure(context, failure);
        if (!context.failed()) {
            context.fail(DefaultAuthFailureHandler.extractRootCause(failure));
        }
    };

    /** Set once the filter has replaced a handler: its place in the chain is right (AuthFailureHandlingTest). */
    static final AtomicBoolean IN_PLACE = new AtomicBoolean();

    // The same priority as the authentication handler: filters of equal priority run in the order they were
    // added, and those observed here are added after Quarkus's own, so this runs after authentication set the
    // default handler and before Quarkus REST's filter (one priority lower) looks at it.
    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (context.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof DefaultAuthFailureHandler) {
                context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, FAIL_THE_ROUTE);
                if (!IN_PLACE.get()) {
                    IN_PLACE.set(true);
                }
            }
            context.next();
        }, SecurityHandlerPriorities.AUTHENTICATION);
    }
}
