package dev.keyplane.quota;

import dev.keyplane.KeyplaneConfig;
import dev.keyplane.access.Caller;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Lookup;
import dev.keyplane.common.QuotaKind;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quotas: limits on counts. The database enforces them (triggers on each counted table, defined once in
 * {@code db/migration/R__quotas.sql}; the quotas and their refusals' SQLSTATEs: {@link QuotaKind}), so every
 * dialect and every path is covered and concurrent creates cannot overshoot; this service keeps the defaults in
 * step with the configuration, reads limits and usage, and applies the operator's overrides. A create past a
 * limit fails with 409 {@code quota_exceeded} at its commit ({@code common.ErrorMapping} decodes the refusal).
 */
@ApplicationScoped
public class QuotaService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(QuotaService.class);

    /** One quota of an organization: its limit (the override, else the default) and its fullest scope's usage. */
    public record Quota(String name, String scope, int limit, int defaultLimit, Integer override, int usage, String fullestScopeId) {}

    /** The quotas, with what each scope is: the organization, or each project (webhooks: both). */
    public static final Map<String, String> SCOPES = scopes();

    private static Map<String, String> scopes() {
        Map<String, String> scopes = new LinkedHashMap<>();
        for (QuotaKind quota : QuotaKind.values()) {
            scopes.put(quota.wireName(), quota.scopes());
        }
        return java.util.Collections.unmodifiableMap(scopes);
    }

    private static final String LIMITS = """
            SELECT d.quota, d.max_count AS default_limit, o.max_count AS override
            FROM quota_defaults d LEFT JOIN organization_quotas o ON o.quota = d.quota AND o.organization_id = $1""";

    /** Every counter of the organization and of its projects. */
    private static final String USAGE = """
            SELECT u.quota, u.scope_id, u.used FROM quota_usage u WHERE u.scope_id = $1
            UNION ALL
            SELECT u.quota, u.scope_id, u.used FROM quota_usage u JOIN projects p ON p.id = u.scope_id WHERE p.organization_id = $1""";

    @Inject
    Pool pool;
    @Inject
    KeyplaneConfig config;

    /** The configured defaults become the database's, which the triggers read. */
    /**
     * Written in the background, retried until the database answers: a start without the database must not
     * fail (until then the triggers use the values last written, or the migration's).
     */
    void onStart(@Observes StartupEvent ignored) {
        writeDefaults()
                .onFailure().invoke(f -> LOG.warnf("Cannot write the quota defaults yet (%s); retrying", f.toString()))
                .onFailure().retry().withBackOff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(ok -> LOG.debug("Quota defaults written"), f -> LOG.error("Quota defaults not written", f));
    }

    Uni<Void> writeDefaults() {
        KeyplaneConfig.Quotas q = config.quotas();
        Map<String, Integer> defaults = Map.of("projects", q.projects(), "keys_per_project", q.keysPerProject(),
                "members_per_project", q.membersPerProject(), "service_accounts_per_project", q.serviceAccountsPerProject(),
                "resources_per_project", q.resourcesPerProject(), "webhooks", q.webhooks(), "certificates", q.certificates());
        List<Tuple> rows = defaults.entrySet().stream().map(e -> Tuple.of(e.getKey(), e.getValue())).toList();
        return pool.preparedQuery("""
                        INSERT INTO quota_defaults (quota, max_count) VALUES ($1, $2)
                        ON CONFLICT (quota) DO UPDATE SET max_count = excluded.max_count""")
                .executeBatch(rows).replaceWithVoid();
    }

    /** The caller's organization's quotas, with usage: what {@code GET /v1/organization/quotas} shows. */
    @RequiresPermission(Permission.QUOTAS_READ)
    public Uni<List<Quota>> forCaller(Caller caller) {
        return of(caller.organizationId());
    }

    /** An organization's quotas (the operator's view). */
    @RequiresPermission(Permission.ORGANIZATIONS_MANAGE)
    public Uni<List<Quota>> forOrganization(Caller caller, String organizationId) {
        return requireOrganization(organizationId).chain(() -> of(organizationId));
    }

    /**
     * Sets or clears (null) overrides for an organization, all or none. Lowering a limit below what is held
     * refuses further creates but removes nothing.
     */
    @RequiresPermission(Permission.ORGANIZATIONS_MANAGE)
    public Uni<List<Quota>> override(Caller caller, String organizationId, Map<String, Integer> overrides) {
        if (overrides.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalid(null, "Give at least one quota to set (or null to clear)."));
        }
        for (Map.Entry<String, Integer> e : overrides.entrySet()) {
            if (!SCOPES.containsKey(e.getKey())) {
                return Uni.createFrom().failure(ApiException.invalid(e.getKey(), "'" + e.getKey() + "' is not a quota; quotas are "
                        + String.join(", ", SCOPES.keySet()) + "."));
            }
            if (e.getValue() != null && (e.getValue() < 0 || e.getValue() > 100_000_000)) {
                return Uni.createFrom().failure(ApiException.invalid(e.getKey(), e.getKey() + " must be 0 to 100000000, or null."));
            }
        }
        return requireOrganization(organizationId).chain(() -> pool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<String, Integer> e : overrides.entrySet()) {
                Uni<Void> step = e.getValue() == null
                        ? tx.preparedQuery("DELETE FROM organization_quotas WHERE organization_id = $1 AND quota = $2")
                                .execute(Tuple.of(organizationId, e.getKey())).replaceWithVoid()
                        : tx.preparedQuery("""
                                INSERT INTO organization_quotas (organization_id, quota, max_count) VALUES ($1, $2, $3)
                                ON CONFLICT (organization_id, quota) DO UPDATE SET max_count = excluded.max_count""")
                                .execute(Tuple.of(organizationId, e.getKey(), e.getValue())).replaceWithVoid();
                chain = chain.chain(() -> step);
            }
            return chain;
        })).chain(() -> of(organizationId));
    }

    private Uni<Void> requireOrganization(String organizationId) {
        return Uni.createFrom().deferred(() -> {
            Lookup.requireShape(IdPrefix.ORGANIZATION, organizationId);
            return pool.preparedQuery("SELECT 1 FROM organizations WHERE id = $1").execute(Tuple.of(organizationId))
                    .invoke(rows -> {
                        if (rows.size() == 0) {
                            throw ApiException.notFound(IdPrefix.ORGANIZATION, organizationId);
                        }
                    })
                    .replaceWithVoid();
        });
    }

    private Uni<List<Quota>> of(String organizationId) {
        return pool.preparedQuery(LIMITS).execute(Tuple.of(organizationId))
                .chain(limits -> pool.preparedQuery(USAGE).execute(Tuple.of(organizationId)).map(usage -> {
                    Map<String, Row> fullest = new LinkedHashMap<>();
                    for (Row u : usage) {
                        Row best = fullest.get(u.getString("quota"));
                        if (best == null || u.getInteger("used") > best.getInteger("used")) {
                            fullest.put(u.getString("quota"), u);
                        }
                    }
                    Map<String, Row> byName = new LinkedHashMap<>();
                    limits.forEach(row -> byName.put(row.getString("quota"), row));
                    List<Quota> quotas = new ArrayList<>();
                    for (String name : SCOPES.keySet()) {
                        Row limit = byName.get(name);
                        Row used = fullest.get(name);
                        Integer override = limit.getInteger("override");
                        int defaultLimit = limit.getInteger("default_limit");
                        quotas.add(new Quota(name, SCOPES.get(name), override != null ? override : defaultLimit, defaultLimit, override,
                                used == null ? 0 : used.getInteger("used"), used == null ? null : used.getString("scope_id")));
                    }
                    return quotas;
                }));
    }
}
