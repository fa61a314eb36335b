package dev.keyplane.observability;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A trace id in every log line of a request while the OpenTelemetry SDK is off (no OTLP endpoint, see
 * {@link TracingDefault}): the incoming W3C {@code traceparent}'s trace id, continued, or a new random one. It
 * goes where OpenTelemetry would put it (the {@code traceId} MDC entry, which Quarkus keeps per request), so the
 * log format and the JSON logs read the same either way. With the SDK on, OpenTelemetry does this itself.
 */
@ApplicationScoped
public class TraceIds {

    static final String TRACE_ID = "traceId";
    private static final HexFormat HEX = HexFormat.of();

    @ConfigProperty(name = TracingDefault.SDK_DISABLED, defaultValue = "false")
    boolean sdkDisabled;

    void register(@Observes Filters filters) {
        if (sdkDisabled) {
            // before everything else, so that whatever logs about this request (a refusal, the access log) has it
            filters.register(context -> {
                MDC.put(TRACE_ID, traceId(context.request().getHeader("traceparent")));
                context.next();
            }, Integer.MAX_VALUE - 1);
        }
    }

    /** The trace id of a valid {@code traceparent} (version 00: 00-32 hex-16 hex-2 hex, ids not all zero), else a new one. */
    static String traceId(String traceparent) {
        if (traceparent != null && traceparent.length() == 55 && traceparent.startsWith("00-") && traceparent.charAt(35) == '-'
                && traceparent.charAt(52) == '-') {
            String id = traceparent.substring(3, 35);
            if (isLowerHex(id) && isLowerHex(traceparent.substring(36, 52)) && isLowerHex(traceparent.substring(53))
                    && !id.equals("00000000000000000000000000000000")) {
                return id;
            }
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
