package dev.keyplane.access;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.concurrent.ConcurrentHashMap;

/** Enforces {@link RequiresPermission}; runs before the session and transaction interceptors. */
@RequiresPermission(Permission.PROJECTS_READ)
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class PermissionInterceptor {

    /** A method's rule, read once: the permission, the scope, and where its caller and project id are. */
    private record Rule(Permission permission, RequiresPermission.Scope scope, int callerAt, int projectAt) {

        static Rule of(Method method) {
            RequiresPermission declared = method.getAnnotation(RequiresPermission.class);
            if (declared == null) {
                declared = method.getDeclaringClass().getAnnotation(RequiresPermission.class);
            }
            int callerAt = -1;
            int projectAt = -1;
            Parameter[] parameters = method.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i].getType() == Caller.class && callerAt < 0) {
                    callerAt = i;
                }
                if (parameters[i].isAnnotationPresent(InProject.class)) {
                    projectAt = i;
                }
            }
            if (callerAt < 0) {
                throw new IllegalStateException(method + " declares a permission but takes no Caller");
            }
            return new Rule(declared.value(), declared.scope(), callerAt, projectAt);
        }

        void check(Object[] arguments) {
            Caller caller = (Caller) arguments[callerAt];
            if (caller == null) {
                throw new IllegalStateException("No caller for an operation that requires " + permission.value());
            }
            if (scope == RequiresPermission.Scope.KEY) {
                caller.requireHeld(permission);
            } else if (projectAt >= 0 && arguments[projectAt] != null) {
                caller.requireInProject((String) arguments[projectAt], permission);
            } else {
                caller.require(permission);
            }
        }
    }

    private static final ConcurrentHashMap<Method, Rule> RULES = new ConcurrentHashMap<>();

    @AroundInvoke
    Object check(InvocationContext context) throws Exception {
        Method method = context.getMethod();
        try {
            RULES.computeIfAbsent(method, Rule::of).check(context.getParameters());
        } catch (RuntimeException denied) {
            if (Uni.class.isAssignableFrom(method.getReturnType())) {
                return Uni.createFrom().failure(denied);
            }
            throw denied;
        }
        Object result = context.proceed();
        // A client that hangs up cancels its request's Uni, and a Hibernate Reactive session cancelled in the middle
        // (waiting for a connection or running) may never give its pooled connection back (quarkusio/quarkus#51576):
        // under load, abandoned requests drained the pool. Once started, a service operation runs to its end; the
        // interceptor sits outside the session and transaction interceptors, so this covers them.
        return result instanceof Uni<?> uni ? uni.memoize().indefinitely() : result;
    }
}
