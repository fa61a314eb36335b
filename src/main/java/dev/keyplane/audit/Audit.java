package dev.keyplane.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.access.Caller;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Timestamps;
import io.smallrye.mutiny.Uni;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the audit row of a change. Services call it inside the transaction of the change, so a change
 * never exists without its row nor a row without its change. Details hold ids, names and changed fields:
 * never a raw key, a hash or certificate material.
 */
public final class Audit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Audit() {}

    /** An organization-level change. Must run inside the change's transaction. */
    public static Uni<Void> record(Caller caller, String organizationId, String type, Map<String, ?> details) {
        return record(caller, organizationId, null, null, type, details);
    }

    /** A change inside a project. Must run inside the change's transaction. */
    public static Uni<Void> record(Caller caller, String organizationId, String projectId, String projectName, String type,
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
            event.details = JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return event.persist().replaceWithVoid();
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
