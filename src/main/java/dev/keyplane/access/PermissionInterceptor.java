package dev.keyplane.access;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Enforces {@link RequiresPermission}; runs before the transaction interceptors. */
@RequiresPermission(Permission.PROJECTS_READ)
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class PermissionInterceptor {

    @AroundInvoke
    Object check(InvocationContext context) throws Exception {
        RequiresPermission required = context.getMethod().getAnnotation(RequiresPermission.class);
        if (required == null) {
            required = context.getMethod().getDeclaringClass().getAnnotation(RequiresPermission.class);
        }
        Caller caller = null;
        for (Object parameter : context.getParameters()) {
            if (parameter instanceof Caller c) {
                caller = c;
                break;
            }
        }
        if (caller == null) {
            throw new IllegalStateException(context.getMethod() + " declares a permission but takes no Caller");
        }
        try {
            caller.require(required.value());
        } catch (RuntimeException denied) {
            if (Uni.class.isAssignableFrom(context.getMethod().getReturnType())) {
                return Uni.createFrom().failure(denied);
            }
            throw denied;
        }
        return context.proceed();
    }
}
