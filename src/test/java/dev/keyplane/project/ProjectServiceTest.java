package dev.keyplane.project;

import dev.keyplane.access.Caller;
import dev.keyplane.access.KeyKind;
import dev.keyplane.access.Permission;
import dev.keyplane.apikey.ProjectKeyService;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.support.ServiceTest;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ProjectService called directly: its rules and its authorization, without the HTTP layer. */
@QuarkusTest
class ProjectServiceTest extends ServiceTest {

    @Inject
    ProjectService projects;
    @Inject
    ProjectKeyService projectKeys;

    String readerKey;
    Caller owner;
    Caller reader;
    Project project;

    @BeforeEach
    void readerKey() {
        readerKey = createAdminKey("reader", "reader");
    }

    private void asOwner(UniAsserter asserter) {
        asserter.execute(() -> callerOf(ownerKey).invoke(c -> owner = c));
    }

    private static ProjectDraft draft(String name) {
        return new ProjectDraft(name, null, null, null, null, null, null);
    }

    @Test
    @RunOnVertxContext
    void createThenGetGivesTheStoredFields(UniAsserter asserter) {
        asOwner(asserter);
        asserter.assertThat(() -> projects.create(owner, new ProjectDraft("alpha", "the first", "ext-alpha", "ext-key-1", "eu",
                Environment.STAGING, true), Idempotent.none()).map(Outcome::body).invoke(p -> project = p), p -> {
            assertTrue(p.id.startsWith(IdPrefix.PROJECT.value()), p.id);
            assertEquals(organizationId, p.organizationId);
            assertEquals(ProjectStatus.ACTIVE, p.status);
            assertEquals(owner.ownerId(), p.createdBy);
            assertEquals(p.createdAt, p.updatedAt);
            assertNull(p.archivedAt);
        });
        asserter.assertThat(() -> projects.get(owner, project.id), got -> {
            assertEquals(project.id, got.id);
            assertEquals(organizationId, got.organizationId);
            assertEquals("alpha", got.name);
            assertEquals("the first", got.description);
            assertEquals("ext-alpha", got.externalId);
            assertEquals("ext-key-1", got.externalKeyId);
            assertEquals("eu", got.residency);
            assertEquals(Environment.STAGING, got.environment);
            assertTrue(got.requireClientCertificate);
            assertEquals(ProjectStatus.ACTIVE, got.status);
            assertEquals(project.createdAt, got.createdAt);
            assertEquals(owner.ownerId(), got.createdBy);
        });
        // defaults: production, no certificate required
        asserter.assertThat(() -> projects.create(owner, draft("beta"), Idempotent.none()).map(Outcome::body), p -> {
            assertEquals(Environment.PRODUCTION, p.environment);
            assertFalse(p.requireClientCertificate);
        });
        // a second project with the same external id is refused by the service itself
        asserter.assertFailedWith(() -> projects.create(owner, new ProjectDraft("gamma", null, "ext-alpha", null, null, null, null), Idempotent.none()).map(Outcome::body),
                f -> assertEquals("external_id", assertApiError(f, 409, "external_id_taken").param()));
    }

    @Test
    @RunOnVertxContext
    void updateChangesOnlyTheGivenFields(UniAsserter asserter) {
        asOwner(asserter);
        asserter.execute(() -> projects.create(owner, new ProjectDraft("before", "kept", null, null, null, null, null), Idempotent.none()).map(Outcome::body)
                .invoke(p -> project = p));
        asserter.assertThat(() -> projects.update(owner, project.id, new ProjectChanges("after", null, "ext-9", null,
                Environment.DEVELOPMENT, null)), p -> {
            assertEquals("after", p.name);
            assertEquals("kept", p.description);
            assertEquals("ext-9", p.externalId);
            assertEquals(Environment.DEVELOPMENT, p.environment);
            assertTrue(p.updatedAt.isAfter(project.createdAt), p.updatedAt + " vs " + project.createdAt);
        });
        asserter.assertThat(() -> projects.get(owner, project.id), got -> {
            assertEquals("after", got.name);
            assertEquals("kept", got.description);
            assertEquals("ext-9", got.externalId);
        });
        asserter.assertFailedWith(() -> projects.update(owner, project.id, new ProjectChanges(null, null, null, null, null, null)),
                f -> assertApiError(f, 400, "invalid_value"));
    }

    @Test
    @RunOnVertxContext
    void anArchivedProjectRefusesChanges(UniAsserter asserter) {
        asOwner(asserter);
        asserter.execute(() -> projects.create(owner, draft("to-archive"), Idempotent.none()).map(Outcome::body).invoke(p -> project = p));
        asserter.assertThat(() -> projects.archive(owner, project.id), p -> {
            assertEquals(ProjectStatus.ARCHIVED, p.status);
            assertNotNull(p.archivedAt);
        });
        asserter.assertFailedWith(() -> projects.update(owner, project.id, new ProjectChanges("renamed", null, null, null, null, null)),
                f -> assertTrue(assertApiError(f, 400, "project_archived").getMessage().contains(project.id)));
        asserter.assertFailedWith(() -> mintOwnerProjectKey(project.id), f -> assertApiError(f, 400, "project_archived"));
        // still readable, and listed only when archived projects are asked for
        asserter.assertThat(() -> projects.get(owner, project.id), got -> assertEquals("to-archive", got.name));
        asserter.assertThat(() -> projects.list(owner, PageRequest.of(null, null, null, IdPrefix.PROJECT), false),
                page -> assertTrue(page.items().stream().noneMatch(p -> p.id.equals(project.id))));
        asserter.assertThat(() -> projects.list(owner, PageRequest.of(null, null, null, IdPrefix.PROJECT), true),
                page -> assertTrue(page.items().stream().anyMatch(p -> p.id.equals(project.id))));
        asserter.assertThat(() -> projects.unarchive(owner, project.id), p -> assertEquals(ProjectStatus.ACTIVE, p.status));
        asserter.assertThat(() -> projects.update(owner, project.id, new ProjectChanges("renamed", null, null, null, null, null)),
                p -> assertEquals("renamed", p.name));
    }

    @Test
    @RunOnVertxContext
    void listPagesWithLimitAndAfter(UniAsserter asserter) {
        asOwner(asserter);
        List<String> all = new ArrayList<>();
        asserter.execute(() -> projects.create(owner, draft("p1"), Idempotent.none()).map(Outcome::body)
                .chain(() -> projects.create(owner, draft("p2"), Idempotent.none()).map(Outcome::body))
                .chain(() -> projects.create(owner, draft("p3"), Idempotent.none()).map(Outcome::body)));
        asserter.assertThat(() -> projects.list(owner, PageRequest.of("100", null, null, IdPrefix.PROJECT), false), page -> {
            page.items().forEach(p -> all.add(p.id));
            assertEquals(3, all.size());
            assertFalse(page.hasMore());
            assertEquals(all.stream().sorted().toList(), all); // oldest first, by id
        });
        asserter.assertThat(() -> projects.list(owner, PageRequest.of("2", null, null, IdPrefix.PROJECT), false), page -> {
            assertEquals(all.subList(0, 2), ids(page));
            assertTrue(page.hasMore());
        });
        asserter.assertThat(() -> projects.list(owner, PageRequest.of("2", all.get(1), null, IdPrefix.PROJECT), false), page -> {
            assertEquals(all.subList(2, 3), ids(page));
            assertFalse(page.hasMore());
        });
        // a well-formed cursor that names no project of this list is a client mistake
        asserter.assertFailedWith(() -> projects.list(owner, PageRequest.of("2", Ids.newId(IdPrefix.PROJECT), null, IdPrefix.PROJECT), false),
                f -> assertEquals("after", assertApiError(f, 400, "invalid_value").param()));
    }

    @Test
    @RunOnVertxContext
    void aProjectKeySeesOnlyItsOwnProject(UniAsserter asserter) {
        asOwner(asserter);
        Project[] other = new Project[1];
        Caller[] scoped = new Caller[1];
        asserter.execute(() -> projects.create(owner, draft("mine"), Idempotent.none()).map(Outcome::body).invoke(p -> project = p));
        asserter.execute(() -> projects.create(owner, draft("other"), Idempotent.none()).map(Outcome::body).invoke(p -> other[0] = p));
        asserter.execute(() -> mintOwnerProjectKey(project.id).chain(view -> callerOf(view.rawValue())).invoke(c -> scoped[0] = c));
        asserter.execute(() -> {
            assertEquals(KeyKind.PROJECT, scoped[0].kind());
            assertEquals(project.id, scoped[0].projectId());
            assertEquals("owner", scoped[0].role());
        });
        asserter.assertThat(() -> projects.get(scoped[0], project.id), got -> assertEquals("mine", got.name));
        asserter.assertFailedWith(() -> projects.get(scoped[0], other[0].id), f -> {
            ApiException e = assertApiError(f, 404, "not_found");
            assertTrue(e.outsideKeyScope(), "marked outside the key's scope");
            assertEquals(other[0].id, e.subjectId());
        });
        asserter.assertFailedWith(() -> projects.update(scoped[0], other[0].id, new ProjectChanges("x", null, null, null, null, null)),
                f -> assertTrue(assertApiError(f, 404, "not_found").outsideKeyScope()));
        // organization-level operations are never a project key's, whatever its role
        asserter.assertFailedWith(() -> projects.list(scoped[0], PageRequest.of(null, null, null, IdPrefix.PROJECT), false),
                f -> assertApiError(f, 403, "insufficient_permissions"));
        asserter.assertFailedWith(() -> projects.create(scoped[0], draft("sneaky"), Idempotent.none()), f -> assertApiError(f, 403, "insufficient_permissions"));
        asserter.assertThat(() -> projects.listAccessible(scoped[0], false), reachable -> {
            assertEquals(List.of(project.id), reachable.stream().map(a -> a.project().id).toList());
            assertEquals("owner", reachable.get(0).role());
        });
    }

    @Test
    @RunOnVertxContext
    void aReaderReadsButIsRefusedCreate(UniAsserter asserter) {
        asOwner(asserter);
        asserter.execute(() -> callerOf(readerKey).invoke(c -> reader = c));
        asserter.execute(() -> projects.create(owner, draft("visible"), Idempotent.none()).map(Outcome::body).invoke(p -> project = p));
        asserter.execute(() -> {
            assertEquals("reader", reader.role());
            assertFalse(reader.permissions().contains(Permission.PROJECTS_WRITE));
        });
        asserter.assertFailedWith(() -> projects.create(reader, draft("refused"), Idempotent.none()).map(Outcome::body),
                f -> assertTrue(assertApiError(f, 403, "insufficient_permissions").getMessage().contains("projects.write")));
        asserter.assertFailedWith(() -> projects.archive(reader, project.id), f -> assertApiError(f, 403, "insufficient_permissions"));
        asserter.assertThat(() -> projects.get(reader, project.id), got -> assertEquals("visible", got.name));
        // nothing was created by the refused call
        asserter.assertThat(() -> projects.list(owner, PageRequest.of(null, null, null, IdPrefix.PROJECT), true),
                page -> assertEquals(List.of("visible"), page.items().stream().map(p -> p.name).toList()));
    }

    private Uni<ProjectKeyService.ProjectKeyView> mintOwnerProjectKey(String projectId) {
        return projectKeys.mint(owner, projectId, owner.ownerId(), null, "k", null, null, Idempotent.none()).map(Outcome::body);
    }

    private static List<String> ids(Page<Project> page) {
        return page.items().stream().map(p -> p.id).toList();
    }
}
