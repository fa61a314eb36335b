package dev.keyplane.api;

import dev.keyplane.common.ApiException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Path and query parameters, in every dialect, are refused with a 400 naming the parameter when they hold
 * a NUL character ({@code %00}): PostgreSQL cannot store or compare one in text. (Bodies are checked while
 * they are read, see {@code StrictJsonCustomizer}.)
 */
public class ParameterChecks {

    @ServerRequestFilter
    public void refuseNul(HttpServerRequest request, UriInfo uri) {
        // Every request passes here, the data plane's too: look at the raw path and query first, and decode
        // the parameters only when a NUL can be in them.
        if (request.path().contains("%00")) {
            check(uri.getPathParameters(), "path");
        }
        String query = request.query();
        if (query != null && query.contains("%00")) {
            check(uri.getQueryParameters(), "query");
        }
    }

    private static void check(MultivaluedMap<String, String> parameters, String where) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    throw ApiException.invalid(parameter.getKey(),
                            "The " + where + " parameter " + parameter.getKey() + " must not contain NUL characters.");
                }
            }
        }
    }
}
