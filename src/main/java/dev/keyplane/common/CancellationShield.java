package dev.keyplane.common;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import java.util.concurrent.CompletableFuture;

/** Implements {@link CompletesDespiteCancellation}; outermost, so it also covers the session interceptors. */
@CompletesDespiteCancellation
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE - 100)
public class CancellationShield {

    @AroundInvoke
    Object shield(InvocationContext context) throws Exception {
        Object result = context.proceed();
        return result instanceof Uni<?> uni ? shield(uni) : result;
    }

    /**
     * Subscribes to {@code work} once, on the caller's context, and hands out a copy of its result:
     * cancelling the copy leaves the work running to its end.
     */
    public static <T> Uni<T> shield(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<T> done = new CompletableFuture<>();
            work.subscribe().with(done::complete, done::completeExceptionally);
            return Uni.createFrom().completionStage(done.thenApply(item -> item));
        });
    }
}
