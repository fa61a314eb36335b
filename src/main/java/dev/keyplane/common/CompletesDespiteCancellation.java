package dev.keyplane.common;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service whose {@code Uni}s run to completion even when their subscriber cancels (a client
 * that hangs up mid-request). Hibernate Reactive 3.4 can leak a pooled connection when a session or
 * transaction is cancelled half-way (hibernate-reactive #4133, #2926); once the pool is drained every
 * database endpoint hangs. Letting the work finish returns the connection; only its answer is dropped.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CompletesDespiteCancellation {
}
