package dev.keyplane.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.access.Caller;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Timestamps;
import io.quarkus.hibernate.orm.runtime.PersistenceUnitUtil;
import io.quarkus.hibernate.reactive.panache.common.runtime.SessionOperations;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the audit row of a change. Services call it inside the transaction of the change, so a change
 * never exists without its row nor a row without its change. Details hold ids, names and changed fields:
 * never a raw key, a hash or certificate material.
 * <p>
 * Every audit row may fire webhooks: the outbox trigger on {@code audit_logs} ({@code V9__webhooks.sql}) queues, in
 * the same transaction, a delivery to each enabled endpoint of the organization (or of the row's project) that
 * subscribed to its type, and {@code webhook.WebhookDispatcher} sends them. So every audited write is
 * also a webhook-firing one; services say so once, in their class documentation.
 */
public final class Audit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final java.util.regex.Pattern NUMBERED_PARAMETER = java.util.regex.Pattern.compile("\\$(\\d+)");

    /** audit_logs' columns and their SQL types, in the order of {@link #withChange}'s values. */
    private static final Map<String, String> AUDIT_COLUMNS = columns(
            "id", "text", "organization_id", "text", "type", "text", "effective_at", "timestamptz", "project_id", "text",
            "project_name", "text", "actor_key_id", "text", "actor_type", "text", "actor_id", "text", "actor_email", "text",
            "resource_id", "text", "details", "text");

    private Audit() {}

    /** An organization-level change. Must run inside the change's transaction. */
    public static Uni<Void> record(Caller caller, String organizationId, String type, Map<String, ?> details) {
        return record(caller, organizationId, null, null, type, details);
    }

    /** A change inside a project. Must run inside the change's transaction. */
    public static Uni<Void> record(Caller caller, String organizationId, String projectId, String projectName, String type,
                                   Map<String, ?> details) {
        return Uni.createFrom().deferred(() -> event(caller, organizationId, projectId, projectName, type, details).persist())
                .replaceWithVoid();
    }

    /**
     * A change and its audit row as one statement, {@code WITH change AS (<changeSql>) INSERT INTO audit_logs … FROM change}:
     * atomic without a transaction of its own, so the hottest writes pay one round trip instead of four
     * (BEGIN, change, row, COMMIT). {@code changeSql} binds {@code $1…$n} to {@code changeParams} and returns at most
     * one row: the audit row is written only when it returns one. Inside a Hibernate session (an Idempotency-Key's
     * transaction) the statement joins it; otherwise it runs on the raw client {@code pool}, without opening a
     * session at all. Resolves to the number of audit rows written, 0 or 1.
     */
    public static Uni<Integer> withChange(Pool pool, String changeSql, List<?> changeParams, Caller caller, String organizationId,
                                          String projectId, String projectName, String type, Map<String, ?> details) {
        return Uni.createFrom().deferred(() -> {
            AuditEvent event = event(caller, organizationId, projectId, projectName, type, details);
            int n = changeParams.size();
            StringBuilder sql = new StringBuilder("WITH change AS (").append(changeSql).append(") INSERT INTO audit_logs (")
                    .append(String.join(", ", AUDIT_COLUMNS.keySet())).append(") SELECT ");
            int i = 0;
            for (String sqlType : AUDIT_COLUMNS.values()) {
                sql.append(i == 0 ? "" : ", ").append("CAST($").append(n + ++i).append(" AS ").append(sqlType).append(')');
            }
            sql.append(" FROM change");
            List<Object> values = new ArrayList<>(changeParams);
            values.addAll(values(event));
            Mutiny.Session session = SessionOperations.getCurrentSession(PersistenceUnitUtil.DEFAULT_PERSISTENCE_UNIT_NAME);
            if (session == null) {
                return pool.preparedQuery(sql.toString()).execute(Tuple.from(values)).map(SqlResult::rowCount);
            }
            // Hibernate's native queries take JDBC-style ordinal parameters
            var query = session.createNativeMutationQuery(NUMBERED_PARAMETER.matcher(sql).replaceAll("?$1"));
            for (int p = 0; p < values.size(); p++) {
                query.setParameter(p + 1, values.get(p));
            }
            return query.executeUpdate();
        });
    }

    /**
     * A change made on the raw reactive client (e.g. the webhook dispatcher's): writes the row through
     * {@code client}, which must be the change's transaction.
     */
    public static Uni<Void> record(io.vertx.mutiny.sqlclient.SqlClient client, Caller caller, String organizationId,
                                   String projectId, String projectName, String type, Map<String, ?> details) {
        return Uni.createFrom().deferred(() -> {
            StringBuilder placeholders = new StringBuilder();
            for (int i = 1; i <= AUDIT_COLUMNS.size(); i++) {
                placeholders.append(i == 1 ? "$" : ", $").append(i);
            }
            return client.preparedQuery("INSERT INTO audit_logs (" + String.join(", ", AUDIT_COLUMNS.keySet()) + ") VALUES ("
                            + placeholders + ")")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.from(values(event(caller, organizationId, projectId, projectName, type, details))))
                    .replaceWithVoid();
        });
    }

    private static List<Object> values(AuditEvent event) {
        return Arrays.asList(event.id, event.organizationId, event.type, Timestamps.utc(event.effectiveAt),
                event.projectId, event.projectName, event.actorKeyId, event.actorType, event.actorId, event.actorEmail,
                event.resourceId, event.details);
    }

    /** The audit row of a change, not yet written. */
    static AuditEvent event(Caller caller, String organizationId, String projectId, String projectName, String type,
                            Map<String, ?> details) {
        AuditEvent event = new AuditEvent();
        event.id = Ids.newId(IdPrefix.AUDIT_LOG);
        event.organizationId = organizationId;
        event.type = type;
        event.effectiveAt = Timestamps.now();
        event.projectId = projectId;
        event.projectName = projectName;
        event.actorKeyId = caller.kind() == null ? null : caller.keyId();
        event.actorType = caller.ownerType();
        event.actorId = caller.ownerId();
        event.actorEmail = caller.ownerEmail();
        Object id = details.get("id");
        event.resourceId = id instanceof String s ? s : null;
        try {
            // no null is written: the reference types every field it names (a certificate without a name has no "name")
            event.details = JSON.writeValueAsString(withoutNullsDeep(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are not serializable", e);
        }
        return event;
    }

    /** {@code {"id": id}}, the details of a deletion and of most state changes. */
    public static Map<String, Object> id(String id) {
        return Map.of("id", id);
    }

    /** {@code {"id": id, "data": data}}, the details of a creation. */
    public static Map<String, Object> created(String id, Map<String, ?> data) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", id);
        details.put("data", withoutNulls(data));
        return details;
    }

    /** {@code {"id": id, "changes_requested": changes}}, the details of a change (absent fields left out). */
    public static Map<String, Object> changed(String id, Map<String, ?> changes) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", id);
        details.put("changes_requested", withoutNulls(changes));
        return details;
    }

    /** A map that may hold nulls (Map.of may not), in the given order: k1, v1, k2, v2, ... */
    public static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, String> columns(String... namesAndTypes) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.put(namesAndTypes[i], namesAndTypes[i + 1]);
        }
        return columns;
    }

    private static Object withoutNullsDeep(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, withoutNullsDeep(v));
                }
            });
            return out;
        }
        if (value instanceof java.util.Collection<?> items) {
            return items.stream().map(Audit::withoutNullsDeep).toList();
        }
        return value;
    }

    private static Map<String, Object> withoutNulls(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
