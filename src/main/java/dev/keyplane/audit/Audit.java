package dev.keyplane.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.access.Caller;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

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

    /** The audit row of a change, for the raw reactive client (e.g. the webhook dispatcher's transaction). */
    private static final String INSERT = """
            INSERT INTO audit_logs (id, organization_id, type, effective_at, project_id, project_name, actor_key_id,
                                    actor_type, actor_id, actor_email, resource_id, details)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""";

    /**
     * The audit row of a change written in the same statement, for the raw reactive client: a repository's
     * {@code WITH change AS (… RETURNING id)}, whose own parameters start at {@code $13}, followed by this; the row is
     * written only when the change returned one. Its parameters {@code $1…$12} are {@link #values} of the row.
     */
    public static final String ROW_OF_CHANGE = """
            INSERT INTO audit_logs (id, organization_id, type, effective_at, project_id, project_name, actor_key_id,
                                    actor_type, actor_id, actor_email, resource_id, details)
            SELECT CAST($1 AS text), CAST($2 AS text), CAST($3 AS text), CAST($4 AS timestamptz), CAST($5 AS text),
                   CAST($6 AS text), CAST($7 AS text), CAST($8 AS text), CAST($9 AS text), CAST($10 AS text),
                   CAST($11 AS text), CAST($12 AS text)
            FROM change""";

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

    /** The audit row of a change, not yet written: for a statement that ends in {@link #ROW_OF_CHANGE}. */
    public static AuditEvent of(Caller caller, String organizationId, String projectId, String projectName, String type,
                                Map<String, ?> details) {
        return event(caller, organizationId, projectId, projectName, type, details);
    }

    /**
     * A change made on the raw reactive client (e.g. the webhook dispatcher's): writes the row through
     * {@code client}, which must be the change's transaction.
     */
    public static Uni<Void> record(io.vertx.mutiny.sqlclient.SqlClient client, Caller caller, String organizationId,
                                   String projectId, String projectName, String type, Map<String, ?> details) {
        return Uni.createFrom().deferred(() -> client.preparedQuery(INSERT)
                .execute(Tuple.from(values(event(caller, organizationId, projectId, projectName, type, details))))
                .replaceWithVoid());
    }

    /** The row's values in the order of {@link #ROW_OF_CHANGE}'s parameters. */
    public static List<Object> values(AuditEvent event) {
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
