package dev.keyplane.apikey;

import dev.keyplane.access.ServiceAccountRole;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.WireValue;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A service account as its keys see it: who the key acts as, read from {@code service_accounts}. The service-account
 * feature builds on keys (it mints them), so keys read the account's row rather than its entity.
 */
public record KeyAccount(String id, String organizationId, String projectId, String name, Instant createdAt, ServiceAccountRole role) {

    private static final String SELECT = "SELECT id, organization_id, project_id, name, created_at, role FROM service_accounts";

    /** The accounts with these ids, by id; must run in a session. */
    static Uni<Map<String, KeyAccount>> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(SELECT + " WHERE id IN (:ids)", Object[].class)
                        .setParameter("ids", List.copyOf(ids)).getResultList())
                .map(rows -> rows.stream().map(KeyAccount::of).collect(Collectors.toMap(KeyAccount::id, Function.identity())));
    }

    /** The project's account with this id, or 404; must run in a session. */
    static Uni<KeyAccount> inProject(String projectId, String id) {
        if (!Ids.hasShape(IdPrefix.SERVICE_ACCOUNT, id)) {
            return Uni.createFrom().failure(ApiException.notFound(IdPrefix.SERVICE_ACCOUNT, id));
        }
        return byIds(List.of(id)).map(found -> {
            KeyAccount account = found.get(id);
            if (account == null || !account.projectId().equals(projectId)) {
                throw ApiException.notFound(IdPrefix.SERVICE_ACCOUNT, id);
            }
            return account;
        });
    }

    private static KeyAccount of(Object[] row) {
        Object created = row[4];
        Instant createdAt = created instanceof OffsetDateTime t ? t.toInstant() : created instanceof Instant i ? i
                : created instanceof java.sql.Timestamp ts ? ts.toInstant() : null;
        return new KeyAccount((String) row[0], (String) row[1], (String) row[2], (String) row[3], createdAt,
                WireValue.parse(ServiceAccountRole.class, (String) row[5]));
    }
}
