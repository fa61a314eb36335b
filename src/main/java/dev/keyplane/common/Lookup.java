package dev.keyplane.common;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The one tenant-scoped finder: load an object by id within its owner (the caller's organization, a
 * project, ...) or fail with 404. An id of a shape Keyplane never mints is a 404 as well (no such object
 * exists), decided without a database read. Must run inside a session.
 */
public final class Lookup {

    private Lookup() {}

    /** The {@code type} object with {@code id} whose {@code organizationId} is {@code organizationId}. */
    public static <E> Uni<E> inOrganization(Class<E> type, IdPrefix kind, String id, String organizationId) {
        return find(type, kind, id, "organizationId = ?2", organizationId);
    }

    /** The {@code type} object with {@code id} whose {@code projectId} is {@code projectId}. */
    public static <E> Uni<E> inProject(Class<E> type, IdPrefix kind, String id, String projectId) {
        return find(type, kind, id, "projectId = ?2", projectId);
    }

    /**
     * The {@code type} object with {@code id} that also meets {@code scope}, a JPQL condition binding
     * {@code ?2}, {@code ?3}, ... to {@code scopeValues}.
     */
    public static <E> Uni<E> find(Class<E> type, IdPrefix kind, String id, String scope, Object... scopeValues) {
        try {
            requireShape(kind, id);
        } catch (ApiException notFound) {
            return Uni.createFrom().failure(notFound);
        }
        return Panache.getSession().chain(session -> {
            var query = session.createSelectionQuery("from " + type.getSimpleName() + " where id = ?1 and " + scope, type)
                    .setParameter(1, id);
            for (int i = 0; i < scopeValues.length; i++) {
                query.setParameter(i + 2, scopeValues[i]);
            }
            return query.getSingleResultOrNull();
        }).onItem().ifNull().failWith(() -> ApiException.notFound(kind, id));
    }

    /** Fails with 404 for an id Keyplane never mints, for finders that read another way (the raw client). */
    public static void requireShape(IdPrefix kind, String id) {
        if (!Ids.hasShape(kind, id)) {
            throw ApiException.notFound(kind, id);
        }
    }
}
