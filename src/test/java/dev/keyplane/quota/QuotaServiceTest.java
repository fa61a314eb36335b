package dev.keyplane.quota;

import dev.keyplane.access.Caller;
import dev.keyplane.apikey.OwnedProjectService;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorMapping;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.QuotaKind;
import dev.keyplane.common.Ids;
import dev.keyplane.project.ProjectDraft;
import dev.keyplane.project.ProjectService;
import dev.keyplane.secrets.KeyPrefix;
import dev.keyplane.support.ServiceTest;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QuotaService called directly: what an organization reads, the operator's overrides, and a create past the limit. The
 * quota triggers are deferred, so the refusal comes at the COMMIT, as a database error: the service hands it on as it
 * is, and {@link ErrorMapping#classify} (what every HTTP dialect applies) makes it the 409 quota_exceeded.
 */
@QuarkusTest
class QuotaServiceTest extends ServiceTest {

    @Inject
    QuotaService quotas;
    @Inject
    ProjectService projects;
    @Inject
    OwnedProjectService ownedProjects;

    Caller owner;

    private void asOwner(UniAsserter asserter) {
        asserter.execute(() -> callerOf(ownerKey).invoke(c -> owner = c));
    }

    private static ProjectDraft draft(String name) {
        return new ProjectDraft(name, null, null, null, null, null, null);
    }

    private static QuotaService.Quota quota(List<QuotaService.Quota> all, String name) {
        return all.stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    }

    /** The refusal as a client is told it, checked to be the projects quota of this organization. */
    private void assertProjectsQuotaRefused(Throwable failure, int limit) {
        ApiException api = ErrorMapping.classify(failure);
        assertEquals(409, api.kind().status());
        assertEquals("quota_exceeded", api.code());
        assertEquals("Quota 'projects' reached: organization " + organizationId + " holds the most projects it may (" + limit + ").",
                api.getMessage());
    }

    @Test
    @RunOnVertxContext
    void theOrganizationReadsItsQuotasWithUsage(UniAsserter asserter) {
        asOwner(asserter);
        asserter.execute(() -> projects.create(owner, draft("one"), Idempotent.none()).map(Outcome::body).chain(() -> projects.create(owner, draft("two"), Idempotent.none()).map(Outcome::body)));
        asserter.assertThat(() -> quotas.forCaller(owner), all -> {
            assertEquals(new ArrayList<>(QuotaService.SCOPES.keySet()), all.stream().map(QuotaService.Quota::name).toList());
            QuotaService.Quota projectsQuota = quota(all, "projects");
            assertEquals("organization", projectsQuota.scope());
            assertEquals(2, projectsQuota.usage());
            assertEquals(organizationId, projectsQuota.fullestScopeId());
            assertNull(projectsQuota.override());
            assertEquals(projectsQuota.defaultLimit(), projectsQuota.limit());
            assertTrue(projectsQuota.limit() > 2, "the default leaves room: " + projectsQuota.limit());
            assertEquals(0, quota(all, "certificates").usage());
            assertEquals(4, quota(all, "certificates").defaultLimit()); // %test.keyplane.quotas.certificates
        });
    }

    @Test
    @RunOnVertxContext
    void anOverrideBelowTheNextCreateRefusesIt(UniAsserter asserter) {
        asOwner(asserter);
        asserter.execute(() -> projects.create(owner, draft("held"), Idempotent.none()).map(Outcome::body));
        asserter.assertThat(() -> quotas.override(Caller.system(), organizationId, Map.of("projects", 1)), all -> {
            assertEquals(1, quota(all, "projects").limit());
            assertEquals(Integer.valueOf(1), quota(all, "projects").override());
            assertEquals(1, quota(all, "projects").usage());
        });
        asserter.assertThat(() -> quotas.forCaller(owner), all -> assertEquals(1, quota(all, "projects").limit()));
        // the raw client's path: the single-statement insert fails at its commit
        asserter.assertFailedWith(() -> projects.create(owner, draft("one too many"), Idempotent.none()).map(Outcome::body), f -> {
            assertProjectsQuotaRefused(f, 1);
            PgException pg = assertInstanceOfInChain(PgException.class, f);
            assertEquals(QuotaKind.PROJECTS.sqlState(), pg.getSqlState());
        });
        // Hibernate Reactive's path (project, membership and key in one transaction): refused at its commit the same way
        asserter.assertFailedWith(() -> ownedProjects.create(owner, draft("seeded too many"), KeyPrefix.PROJECT, "k", Idempotent.none()).map(Outcome::body),
                f -> assertProjectsQuotaRefused(f, 1));
        // nothing of either refused create was kept
        asserter.assertThat(() -> projects.listAccessible(owner, true),
                all -> assertEquals(List.of("held"), all.stream().map(a -> a.project().name).toList()));
        // clearing the override restores the default
        asserter.assertThat(() -> quotas.override(Caller.system(), organizationId, Collections.singletonMap("projects", null)),
                all -> assertNull(quota(all, "projects").override()));
        asserter.assertThat(() -> projects.create(owner, draft("fits again"), Idempotent.none()).map(Outcome::body), p -> assertEquals("fits again", p.name));
    }

    @Test
    @RunOnVertxContext
    void onlyTheOperatorOverrides(UniAsserter asserter) {
        asOwner(asserter);
        // an organization owner holds every permission but organizations.manage
        asserter.assertFailedWith(() -> quotas.override(owner, organizationId, Map.of("projects", 1000)),
                f -> assertTrue(assertApiError(f, 403, "insufficient_permissions").getMessage().contains("organizations.manage")));
        asserter.assertFailedWith(() -> quotas.forOrganization(owner, organizationId), f -> assertApiError(f, 403, "insufficient_permissions"));
        asserter.assertThat(() -> quotas.forOrganization(Caller.system(), organizationId),
                all -> assertNull(quota(all, "projects").override()));
        asserter.assertFailedWith(() -> quotas.override(Caller.system(), organizationId, Map.of("project", 1)),
                f -> assertEquals("project", assertApiError(f, 400, "invalid_value").param()));
        asserter.assertFailedWith(() -> quotas.override(Caller.system(), organizationId, Map.of("projects", -1)),
                f -> assertEquals("projects", assertApiError(f, 400, "invalid_value").param()));
        asserter.assertFailedWith(() -> quotas.override(Caller.system(), Ids.newId(IdPrefix.ORGANIZATION), Map.of("projects", 1)),
                f -> assertApiError(f, 404, "not_found"));
    }

    private static <T extends Throwable> T assertInstanceOfInChain(Class<T> type, Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
    }
}
