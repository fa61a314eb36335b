package dev.keyplane.apikey;

import dev.keyplane.access.Caller;
import dev.keyplane.access.KeyKind;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.auth.KeyStatus;
import dev.keyplane.secrets.KeyPrefix;
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

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Project keys (ProjectKeyService) called directly: minting, the subset rule, rolling with a grace period, deleting. */
@QuarkusTest
class ProjectKeyServiceTest extends ServiceTest {

    @Inject
    ProjectKeyService projectKeys;

    String projectId;
    String memberId;
    String adminId;
    String outsiderId;
    Caller owner;
    ProjectKeyService.ProjectKeyView key;

    @BeforeEach
    void projectWithMembers() {
        projectId = createProject("keys");
        memberId = addUser("member-" + UUID.randomUUID() + "@example.com", "reader");
        addToProject(projectId, memberId, "member");
        adminId = addUser("admin-" + UUID.randomUUID() + "@example.com", "reader");
        addToProject(projectId, adminId, "admin");
        outsiderId = addUser("outsider-" + UUID.randomUUID() + "@example.com", "reader");
    }

    private void asOwner(UniAsserter asserter) {
        asserter.execute(() -> callerOf(ownerKey).invoke(c -> owner = c));
    }

    private Uni<ProjectKeyService.ProjectKeyView> mint(Caller caller, String userId, String name) {
        return projectKeys.mint(caller, projectId, userId, null, name, null, null, Idempotent.none()).map(Outcome::body);
    }

    @Test
    @RunOnVertxContext
    void anOwnerMintsAKeyForAMember(UniAsserter asserter) {
        asOwner(asserter);
        asserter.assertThat(() -> mint(owner, memberId, "member-key").invoke(v -> key = v), view -> {
            assertTrue(view.rawValue().startsWith(KeyPrefix.PROJECT.value()), view.rawValue());
            assertEquals(KeyKind.PROJECT, view.key().kind);
            assertEquals(projectId, view.key().projectId);
            assertEquals(memberId, view.key().ownerId);
            assertEquals(memberId, view.user().id);
            assertEquals("member", view.ownerRole());
            assertTrue(view.active());
            assertEquals("member-key", view.key().name);
        });
        asserter.assertThat(() -> callerOf(key.rawValue()), caller -> {
            assertEquals(key.key().id, caller.keyId());
            assertEquals(projectId, caller.projectId());
            assertEquals(memberId, caller.ownerId());
            assertEquals("member", caller.role());
            assertEquals(ProjectRole.MEMBER.permissions(), caller.permissions());
        });
        asserter.assertThat(() -> projectKeys.listLive(owner, projectId), live -> {
            ProjectKeyService.ProjectKeyView listed = live.stream().filter(v -> v.key().id.equals(key.key().id)).findFirst().orElseThrow();
            assertEquals("member", listed.ownerRole());
            assertEquals(null, listed.rawValue());
        });
        // a user of the organization without a role in the project gets no key for it
        asserter.assertFailedWith(() -> mint(owner, outsiderId, "nope"),
                f -> assertEquals("user_id", assertApiError(f, 409, "not_a_member").param()));
    }

    @Test
    @RunOnVertxContext
    void aKeyIsNeverMintedAboveTheCaller(UniAsserter asserter) {
        asOwner(asserter);
        Caller[] admin = new Caller[1];
        Caller[] member = new Caller[1];
        asserter.execute(() -> mint(owner, adminId, "admin-key").chain(v -> callerOf(v.rawValue())).invoke(c -> admin[0] = c));
        asserter.execute(() -> mint(owner, memberId, "member-key").chain(v -> callerOf(v.rawValue())).invoke(c -> member[0] = c));
        asserter.execute(() -> assertEquals("admin", admin[0].role()));
        // an admin may mint for a member (a subset of its own permissions)...
        asserter.assertThat(() -> mint(admin[0], memberId, "by-admin"), view -> assertEquals("member", view.ownerRole()));
        // ...but not for the owner, whose key would carry projects.delete
        asserter.assertFailedWith(() -> mint(admin[0], owner.ownerId(), "escalate"), f -> {
            String message = assertApiError(f, 403, "insufficient_permissions").getMessage();
            assertTrue(message.contains("cannot grant") && message.contains("projects.delete"), message);
        });
        // a member lacks api_keys.write altogether
        asserter.assertFailedWith(() -> mint(member[0], memberId, "self"),
                f -> assertTrue(assertApiError(f, 403, "insufficient_permissions").getMessage().contains("api_keys.write")));
    }

    @Test
    @RunOnVertxContext
    void aRolledKeyWorksUntilTheGraceEnds(UniAsserter asserter) {
        asOwner(asserter);
        ProjectKeyService.ProjectKeyView[] successor = new ProjectKeyService.ProjectKeyView[1];
        asserter.execute(() -> mint(owner, memberId, "rolling").invoke(v -> key = v));
        asserter.assertThat(() -> callerOf(key.rawValue()), caller -> assertEquals(key.key().id, caller.keyId()));
        Instant before = Instant.now();
        asserter.assertThat(() -> projectKeys.roll(owner, projectId, key.key().id, Duration.ofHours(1), Idempotent.none()).map(Outcome::body).invoke(v -> successor[0] = v), next -> {
            assertNotEquals(key.key().id, next.key().id);
            assertNotEquals(key.rawValue(), next.rawValue());
            assertTrue(next.rawValue().startsWith(KeyPrefix.PROJECT.value()));
            assertEquals(key.key().id, next.key().rolledFrom);
            assertEquals("rolling", next.key().name);
            assertEquals(memberId, next.key().ownerId);
            assertEquals("member", next.ownerRole());
        });
        // the old key still verifies, now expiring at the grace period's end
        asserter.assertThat(() -> authenticator.inspect(key.rawValue()), status -> {
            assertEquals(KeyStatus.Code.VALID, status.code());
            Instant graceEnd = status.expiresAt();
            assertFalse(graceEnd.isBefore(before.plus(Duration.ofHours(1)).minusSeconds(1)), graceEnd.toString());
            assertFalse(graceEnd.isAfter(Instant.now().plus(Duration.ofHours(1))), graceEnd.toString());
        });
        asserter.assertThat(() -> callerOf(successor[0].rawValue()), caller -> {
            assertEquals(successor[0].key().id, caller.keyId());
            assertEquals(memberId, caller.ownerId());
            assertEquals("member", caller.role());
        });
        // a key is rolled once: the next roll is of its successor
        asserter.assertFailedWith(() -> projectKeys.roll(owner, projectId, key.key().id, Duration.ofHours(1), Idempotent.none()).map(Outcome::body),
                f -> assertApiError(f, 409, "already_rolled"));
    }

    @Test
    @RunOnVertxContext
    void aRollWithoutGraceEndsTheOldKeyAtOnce(UniAsserter asserter) {
        asOwner(asserter);
        ProjectKeyService.ProjectKeyView[] successor = new ProjectKeyService.ProjectKeyView[1];
        asserter.execute(() -> mint(owner, memberId, "no-grace").invoke(v -> key = v));
        asserter.assertThat(() -> callerOf(key.rawValue()), caller -> assertEquals(key.key().id, caller.keyId())); // now cached
        // found by its id alone (projectId null), as seed 002's /api-keys/{id}/roll does
        asserter.execute(() -> projectKeys.roll(owner, null, key.key().id, Duration.ZERO, Idempotent.none()).map(Outcome::body).invoke(v -> successor[0] = v));
        asserter.assertThat(() -> authenticator.inspect(key.rawValue()), status -> assertEquals(KeyStatus.Code.EXPIRED, status.code()));
        asserter.assertFailedWith(() -> callerOf(key.rawValue()), f -> assertApiError(f, 401, "invalid_api_key"));
        asserter.assertThat(() -> callerOf(successor[0].rawValue()), caller -> assertEquals(projectId, caller.projectId()));
    }

    @Test
    @RunOnVertxContext
    void aDeletedKeyIsRefusedOnTheNextUse(UniAsserter asserter) {
        asOwner(asserter);
        asserter.execute(() -> mint(owner, memberId, "doomed").invoke(v -> key = v));
        asserter.assertThat(() -> callerOf(key.rawValue()), caller -> assertEquals("member", caller.role())); // now cached
        asserter.assertThat(() -> projectKeys.delete(owner, projectId, key.key().id), id -> assertEquals(key.key().id, id));
        asserter.assertThat(() -> authenticator.inspect(key.rawValue()), status -> assertEquals(KeyStatus.Code.REVOKED, status.code()));
        asserter.assertFailedWith(() -> callerOf(key.rawValue()), f -> assertApiError(f, 401, "invalid_api_key"));
        asserter.assertThat(() -> projectKeys.listLive(owner, projectId),
                live -> assertTrue(live.stream().noneMatch(v -> v.key().id.equals(key.key().id))));
        asserter.assertFailedWith(() -> projectKeys.get(owner, projectId, key.key().id), f -> assertApiError(f, 404, "not_found"));
        asserter.assertFailedWith(() -> projectKeys.delete(owner, projectId, key.key().id), f -> assertApiError(f, 404, "not_found"));
    }
}
