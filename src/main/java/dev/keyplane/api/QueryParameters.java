package dev.keyplane.api;

import dev.keyplane.common.ApiException;
import io.quarkus.arc.Arc;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Any;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Query parameters, in every dialect. An array parameter may be spelled with or without brackets ({@code emails=a}
 * or {@code emails[]=a}: the reference spells some each way, and SDKs generated from it send brackets for all), and
 * is read under whichever spelling the operation declares. Both spellings at once, or a parameter the operation does
 * not have, is a 400 naming it: a filter that is silently ignored fails open and returns more than was asked for.
 */
public class QueryParameters {

    /** Each array parameter's declared spelling, by its bare name; read once from the resource classes. */
    private static volatile Map<String, String> arraySpellings;
    private static final ConcurrentHashMap<String, Set<String>> DECLARED = new ConcurrentHashMap<>();

    @ServerRequestFilter(preMatching = true)
    public void respell(ContainerRequestContext context, HttpServerRequest request) {
        String query = request.query(); // the raw string: no URI is built for the many requests without a query
        if (query == null || query.isEmpty()) {
            return; // the data plane and most reads: nothing to look at
        }
        URI uri = context.getUriInfo().getRequestUri();
        Map<String, String> spellings = arraySpellings();
        StringBuilder rewritten = new StringBuilder(query.length() + 8);
        Map<String, String> seen = new HashMap<>(); // bare name -> the spelling the request used
        boolean changed = false;
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName);
            String bare = name.endsWith("[]") ? name.substring(0, name.length() - 2) : name;
            String declared = spellings.get(bare);
            if (declared != null) {
                String earlier = seen.putIfAbsent(bare, name);
                if (earlier != null && !earlier.equals(name)) {
                    throw ApiException.invalid(declared, "Give " + bare + " or " + bare + "[], not both.");
                }
                if (!declared.equals(name)) {
                    pair = encode(declared) + (eq < 0 ? "" : pair.substring(eq));
                    changed = true;
                }
            }
            if (rewritten.length() > 0) {
                rewritten.append('&');
            }
            rewritten.append(pair);
        }
        if (changed) {
            String base = uri.toString();
            context.setRequestUri(URI.create(base.substring(0, base.indexOf('?') + 1) + rewritten));
        }
    }

    @ServerRequestFilter
    public void refuseUnknown(SimpleResourceInfo resource, UriInfo uri, HttpServerRequest request) {
        if (resource == null || request.query() == null || request.query().isEmpty()) {
            return;
        }
        Set<String> declared = DECLARED.computeIfAbsent(resource.getResourceClass().getName() + "#" + resource.getMethodName()
                + java.util.Arrays.toString(resource.parameterTypes()), k -> declaredBy(resource));
        for (String name : uri.getQueryParameters().keySet()) {
            if (!declared.contains(name)) {
                throw ApiException.invalid(name, "Unknown query parameter '" + name + "' for this operation"
                        + (declared.isEmpty() ? "; it takes none." : "; it takes " + String.join(", ", new java.util.TreeSet<>(declared)) + "."));
            }
        }
    }

    private static Set<String> declaredBy(SimpleResourceInfo resource) {
        for (Method method : resource.getResourceClass().getMethods()) {
            if (method.getName().equals(resource.getMethodName())
                    && java.util.Arrays.equals(method.getParameterTypes(), resource.parameterTypes())) {
                return queryParameters(method).keySet();
            }
        }
        return Set.of();
    }

    /** The method's query parameters: name, and whether it is an array. */
    static Map<String, Boolean> queryParameters(Method method) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        Annotation[][] annotations = method.getParameterAnnotations();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                if (annotation instanceof QueryParam query) {
                    names.put(query.value(), Collection.class.isAssignableFrom(types[i]));
                }
            }
        }
        return names;
    }

    private static Map<String, String> arraySpellings() {
        Map<String, String> spellings = arraySpellings;
        if (spellings == null) {
            Map<String, String> found = new HashMap<>();
            for (var bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
                Class<?> type = bean.getBeanClass();
                if (!type.isAnnotationPresent(Path.class)) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    queryParameters(method).forEach((name, array) -> {
                        String bare = name.endsWith("[]") ? name.substring(0, name.length() - 2) : name;
                        String other = array ? found.putIfAbsent(bare, name) : null;
                        if (other != null && !other.equals(name)) {
                            throw new IllegalStateException("The array parameter " + bare + " is spelled both " + other + " and " + name
                                    + "; declare one spelling, the other is accepted here");
                        }
                    });
                }
            }
            arraySpellings = spellings = Map.copyOf(found);
        }
        return spellings;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }

    private static String encode(String name) {
        return name.replace("[", "%5B").replace("]", "%5D");
    }
}
