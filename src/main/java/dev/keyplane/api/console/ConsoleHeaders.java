package dev.keyplane.api.console;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * The console's security headers on every response under {@code /console}: a Content-Security-Policy that allows
 * scripts and styles from Keyplane itself only (no inline script, no other origin) and no framing, and no caching of
 * pages that show keys or the audit log.
 */
@ApplicationScoped
public class ConsoleHeaders {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @ServerResponseFilter
    public void secure(RoutingContext context, ContainerResponseContext response) {
        if (!context.normalizedPath().startsWith("/console")) {
            return;
        }
        var headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", CSP);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "no-referrer");
        headers.putSingle("Cache-Control", "no-store");
        headers.putSingle("X-Frame-Options", "DENY");
    }
}
