package dev.keyplane.audit;

import dev.keyplane.access.Caller;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.Keyset;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Reading the audit log: a filtered, keyset-paginated list and a streamed export (retention: {@link AuditRetention}). */
@ApplicationScoped
public class AuditService {

    private static final int EXPORT_CHUNK = 500;
        private static final String EVENT_TYPES = "event_types[]";

    /**
     * The reference's filters; {@code null} or empty means no filter. Times are Unix seconds. {@code eventTypes} are
     * the names the OpenAI dialect shows ({@link AuditEventTypes#shownAs}): values of the reference's
     * {@code AuditLogEventType}, and Keyplane's extension types when {@code extensionEvents} is set. Without it,
     * extension events are left out. {@code tenantOnly} is the reference's: only tenant-scoped events, of which
     * Keyplane records none (its organization is the tenant boundary), so it lists nothing.
     */
    public record Filter(Long effectiveAfter, Long effectiveFrom, Long effectiveBefore, Long effectiveUntil,
                         List<String> projectIds, List<String> eventTypes, List<String> actorIds,
                         List<String> actorEmails, List<String> resourceIds, boolean extensionEvents, boolean tenantOnly) {

        /** The query parameter that asks for extension events too. */
        public static final String EXTENSION_EVENTS = "include_extension_events";
        /** The reference's query parameter that asks for tenant-scoped events only. */
        public static final String TENANT_ONLY = "tenant_only";

        String where(String organizationId, Map<String, Object> params) {
            StringBuilder where = new StringBuilder("organizationId = :org");
            params.put("org", organizationId);
            time(where, params, "gt", ">", effectiveAfter);
            time(where, params, "gte", ">=", effectiveFrom);
            time(where, params, "lt", "<", effectiveBefore);
            time(where, params, "lte", "<=", effectiveUntil);
            in(where, params, "projectId", "projects", projectIds);
            List<String> recorded = recordedTypes();
            if (recorded != null && recorded.isEmpty()) {
                where.append(" and type is null"); // only types Keyplane never records: nothing matches
            }
            in(where, params, "type", "types", recorded);
            if (actorIds != null && !actorIds.isEmpty()) {
                where.append(" and (actorId in :actors or actorKeyId in :actors)");
                params.put("actors", actorIds);
            }
            if (actorEmails != null && !actorEmails.isEmpty()) {
                where.append(" and lower(actorEmail) in :emails");
                params.put("emails", actorEmails.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList());
            }
            in(where, params, "resourceId", "resources", resourceIds);
            return where.toString();
        }

        /**
         * The recorded types asked for ({@code null}: any), or a 400 naming {@code event_types[]} for a value that is
         * neither the reference's nor, with {@code extensionEvents}, one of Keyplane's extension types.
         */
        List<String> recordedTypes() {
            if (tenantOnly) {
                for (String type : eventTypes == null ? List.<String>of() : eventTypes) {
                    if (!AuditEventTypes.isTenantScoped(type)) {
                        throw ApiException.invalid(EVENT_TYPES, "With " + TENANT_ONLY + "=true every event type must be tenant-scoped; '"
                                + type + "' is not.");
                    }
                }
                return List.of(); // Keyplane records no tenant-scoped event
            }
            if (eventTypes == null || eventTypes.isEmpty()) {
                return extensionEvents ? null : AuditEventTypes.WITH_REFERENCE_NAME;
            }
            Set<String> recorded = new LinkedHashSet<>();
            for (String type : eventTypes) {
                if (AuditEventTypes.REFERENCE.contains(type)) {
                    recorded.addAll(AuditEventTypes.recordedAs(type));
                } else if (AuditEventTypes.EXTENSIONS.contains(type)) {
                    if (!extensionEvents) {
                        throw ApiException.invalid(EVENT_TYPES, "'" + type + "' is a Keyplane extension event type: ask for it with "
                                + EXTENSION_EVENTS + "=true.");
                    }
                    recorded.add(type);
                } else {
                    throw ApiException.invalid(EVENT_TYPES, "'" + type + "' is not an audit log event type (see AuditLogEventType).");
                }
            }
            return List.copyOf(recorded);
        }

        private static void time(StringBuilder where, Map<String, Object> params, String name, String op, Long seconds) {
            if (seconds != null) {
                where.append(" and effectiveAt ").append(op).append(" :").append(name);
                params.put(name, Instant.ofEpochSecond(seconds));
            }
        }

        private static void in(StringBuilder where, Map<String, Object> params, String field, String name, List<String> values) {
            if (values != null && !values.isEmpty()) {
                where.append(" and ").append(field).append(" in :").append(name);
                params.put(name, values);
            }
        }
    }

    @RequiresPermission(Permission.AUDIT_LOGS_READ)
    @WithSession
    public Uni<Page<AuditEvent>> list(Caller caller, Filter filter, PageRequest page) {
        Map<String, Object> params = new HashMap<>();
        String where = filter.where(caller.organizationId(), params);
        return Keyset.page(page, where, params, (q, p) -> AuditEvent.<AuditEvent>find(q, p), a -> a.id);
    }

    /**
     * Every matching row, oldest first, read in chunks of {@value #EXPORT_CHUNK} (each in a session of its
     * own), so an export of any size holds one chunk in memory at a time.
     */
    @RequiresPermission(Permission.AUDIT_LOGS_READ)
    public Multi<AuditEvent> export(Caller caller, Filter filter) {
        Map<String, Object> params = new HashMap<>();
        String where = filter.where(caller.organizationId(), params);
        return Multi.createBy().repeating()
                .uni(() -> new AtomicReference<String>(null), cursor -> Panache.withSession(() -> {
                    Map<String, Object> chunkParams = new HashMap<>(params);
                    String query = where;
                    if (cursor.get() != null) {
                        query += " and id > :cursor";
                        chunkParams.put("cursor", cursor.get());
                    }
                    return AuditEvent.<AuditEvent>find(query + " order by id", chunkParams).range(0, EXPORT_CHUNK - 1).list();
                }).memoize().indefinitely() // a client hanging up mid-export must not cancel a chunk's session (see PermissionInterceptor)
                        .invoke(chunk -> {
                    if (!chunk.isEmpty()) {
                        cursor.set(chunk.get(chunk.size() - 1).id);
                    }
                }))
                .until(List::isEmpty)
                .onItem().<AuditEvent>disjoint();
    }
}
