package dev.keyplane.project;

import dev.keyplane.audit.Audit;
import dev.keyplane.audit.AuditEvent;
import dev.keyplane.common.Keyset;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.Timestamps;
import dev.keyplane.common.WireValue;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every statement on {@code projects}, beside its entity (package-private: only {@link ProjectService} uses it). The
 * style (docs/architecture.md, "Persistence"): the hot paths run on the raw reactive client, without a Hibernate
 * session (the project read, the list, and a create outside any transaction, one statement); whatever runs inside a
 * transaction (an Idempotency-Key's, a seed dialect's create, every update) goes through the entity and the session.
 * Adding a column means the entity, {@link #COLUMNS}, {@link #fromRow} and {@link #INSERT}.
 */
@ApplicationScoped
class ProjectRepository {

    private static final String COLUMNS = """
            id, organization_id, name, description, external_id, external_key_id, residency, environment, status,
            created_at, updated_at, archived_at, created_by, require_client_certificate""";

    private static final String SELECT = "SELECT " + COLUMNS + " FROM projects";

    private static final String FIND = SELECT + " WHERE id = $1 AND organization_id = $2";

    private static final String LIST = SELECT + " WHERE organization_id = $1";

    /** 'active' as a literal, so the planner can use the partial index of active projects. */
    private static final String LIST_ACTIVE = LIST + " AND status = 'active'";

    /**
     * The project and its audit row as one statement, atomic alone: the create without a transaction pays one round
     * trip (a transaction's BEGIN and COMMIT, through a Hibernate session, cost 40 % of the create's throughput).
     * The audit row's parameters come first ({@link Audit#ROW_OF_CHANGE}), the project's from {@code $13}.
     */
    private static final String INSERT = """
            WITH change AS (
                INSERT INTO projects (id, organization_id, name, description, external_id, external_key_id, residency,
                                      environment, status, created_at, updated_at, created_by, require_client_certificate)
                VALUES ($13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
                RETURNING id)
            """ + Audit.ROW_OF_CHANGE;

    @Inject
    Pool pool;

    /** The organization's project, or null; one prepared statement on the raw client (the hottest admin read). */
    Uni<Project> find(String organizationId, String projectId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(projectId, organizationId))
                .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
    }

    /** A keyset page of the organization's projects on the raw client: with entity hydration it ran at half the read's rate. */
    Uni<Page<Project>> page(String organizationId, PageRequest page, boolean includeArchived) {
        return Keyset.page(page, pool, "id", includeArchived ? LIST : LIST_ACTIVE, List.of(organizationId),
                ProjectRepository::fromRow, p -> p.id);
    }

    /** Every project of the organization, oldest first (a key's reachable projects: a short list, read in a session). */
    Uni<List<Project>> all(String organizationId, boolean includeArchived) {
        return includeArchived
                ? Project.list("organizationId = ?1 order by id", organizationId)
                : Project.list("organizationId = ?1 and status = ?2 order by id", organizationId, ProjectStatus.ACTIVE);
    }

    Uni<Project> findByExternalId(String organizationId, String externalId) {
        return Project.find("organizationId = ?1 and externalId = ?2", organizationId, externalId).firstResult();
    }

    /** Inserts the project with its audit row in one statement on the raw client; no transaction may be open. */
    Uni<Void> insertAlone(Project p, AuditEvent created) {
        List<Object> values = new ArrayList<>(Audit.values(created));
        values.addAll(Arrays.asList(p.id, p.organizationId, p.name, p.description, p.externalId, p.externalKeyId, p.residency,
                p.environment.wire(), p.status.wire(), Timestamps.utc(p.createdAt), Timestamps.utc(p.updatedAt), p.createdBy,
                p.requireClientCertificate));
        return pool.preparedQuery(INSERT).execute(Tuple.from(values)).replaceWithVoid();
    }

    /** Inserts the project and its audit row through the session, in the caller's transaction. */
    Uni<Void> insert(Project p, AuditEvent created) {
        // flushed here, so a taken external id fails this call (and is answered 409), not the commit
        return p.persist().chain(created::persistAndFlush).replaceWithVoid();
    }

    Uni<Long> delete(String projectId) {
        return Project.delete("id", projectId);
    }

    private static Project fromRow(Row row) {
        Project p = new Project();
        p.id = row.getString("id");
        p.organizationId = row.getString("organization_id");
        p.name = row.getString("name");
        p.description = row.getString("description");
        p.externalId = row.getString("external_id");
        p.externalKeyId = row.getString("external_key_id");
        p.residency = row.getString("residency");
        p.environment = WireValue.parse(Environment.class, row.getString("environment"));
        p.status = WireValue.parse(ProjectStatus.class, row.getString("status"));
        p.createdAt = instant(row.getOffsetDateTime("created_at"));
        p.updatedAt = instant(row.getOffsetDateTime("updated_at"));
        p.archivedAt = instant(row.getOffsetDateTime("archived_at"));
        p.createdBy = row.getString("created_by");
        p.requireClientCertificate = Boolean.TRUE.equals(row.getBoolean("require_client_certificate"));
        return p;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
