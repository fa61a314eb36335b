package dev.keyplane.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A public service method (or a whole bean) that no request reaches on its own: it runs for an operation that was
 * already authorized, for the system itself, or before anyone is authenticated. The reason says which, so each use
 * is deliberate; {@code AuthorizationShapeTest} accepts this in place of {@link RequiresPermission}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Internal {

    /** Why no permission is checked here. */
    String value();
}
