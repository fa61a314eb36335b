package dev.keyplane.idempotency;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What an adapter hands a creating service method besides the request: the client's {@code Idempotency-Key} (null
 * when it sent none) and how the dialect answers, that is the response type and the mapping from what the service
 * made to that response. The service names the operation and fingerprints its own arguments
 * ({@link IdempotencyService#run}); a replay answers the stored response, never the object's current state.
 *
 * @param <E> what the service makes (an entity or a view of it)
 * @param <R> the dialect's response body
 */
public record Idempotent<E, R>(String key, Class<R> responseType, Function<? super E, R> response, UnaryOperator<R> forStorage) {

    /** The dialect's response to what was made, stored as it was sent. */
    public static <E, R> Idempotent<E, R> of(String key, Class<R> responseType, Function<? super E, R> response) {
        return new Idempotent<>(key, responseType, response, UnaryOperator.identity());
    }

    /** No key and no dialect: answers what the service made (callers inside the product, service-level tests). */
    public static <E> Idempotent<E, E> none() {
        return new Idempotent<>(null, null, Function.identity(), UnaryOperator.identity());
    }

    /** The same, for a write that makes more than the response shows (e.g. a roll, whose old key is published after commit). */
    public <F> Idempotent<F, R> from(Function<? super F, ? extends E> part) {
        return new Idempotent<>(key, responseType, made -> response.apply(part.apply(made)), forStorage);
    }

    /** Stores the response as {@code forStorage} gives it, e.g. with its raw key redacted: secrets are never kept at rest. */
    public Idempotent<E, R> storing(UnaryOperator<R> forStorage) {
        return new Idempotent<>(key, responseType, response, forStorage);
    }
}
