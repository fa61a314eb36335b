package dev.keyplane.access;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one authorization shape: the permission a service operation needs, and where. The method's {@link Caller}
 * argument is checked by {@link PermissionInterceptor} before anything else runs (before a session or a
 * transaction opens); failing yields 403, or 404 for a project outside a project key's reach.
 * <ul>
 *   <li>With a parameter marked {@link InProject}, the operation acts in that project: organization keys need the
 *       permission, project keys need it and must belong to that project ({@link Caller#requireInProject}). A
 *       {@code null} project id there means the organization itself (webhooks, which exist at both levels).</li>
 *   <li>Without one, the operation is organization-wide: project keys never pass ({@link Caller#require}).</li>
 *   <li>{@link Scope#KEY}: the permission at whatever scope the key has ({@link Caller#requireHeld}), for operations
 *       that find their project through the object they act on (a key by its id) or answer for the key's own scope
 *       (the data plane, the seed dialects' project lists); the lookup then confines a project key to its project.</li>
 * </ul>
 * A public service method carries this or {@link Internal}; {@code AuthorizationShapeTest} fails otherwise.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresPermission {

    @Nonbinding
    Permission value();

    @Nonbinding
    Scope scope() default Scope.DECLARED;

    enum Scope {
        /** The organization, or the project of the {@link InProject} parameter. */
        DECLARED,
        /** Whatever scope the caller's key has. */
        KEY
    }
}
