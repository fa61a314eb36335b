package dev.keyplane.apikey;

import dev.keyplane.access.Caller;
import dev.keyplane.access.KeyKind;
import dev.keyplane.access.OrgRole;
import dev.keyplane.access.Permission;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.PageRequest;
import dev.keyplane.member.ProjectMemberService;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import dev.keyplane.project.ProjectDraft;
import dev.keyplane.secrets.KeyPrefix;
import dev.keyplane.support.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admin keys (ApiKeyService) and the seed dialects' project with its owner key (OwnedProjectService), called directly. */
@QuarkusTest
class ApiKeyServiceTest extends ServiceTest {

    @Inject
    ApiKeyService keys;
    @Inject
    OwnedProjectService ownedProjects;
    @Inject
    ProjectMemberService members;

    String readerUserId;
    Caller owner;
    ApiKeyService.KeyView minted;

    @BeforeEach
    void readerMember() {
        readerUserId = addUser("reader-" + UUID.randomUUID() + "@example.com", "reader");
    }

    private void asOwner(UniAsserter asserter) {
        asserter.execute(() -> callerOf(ownerKey).invoke(c -> owner = c));
    }

    @Test
    @RunOnVertxContext
    void aPreparedAdminKeyIsStoredAndItsRawValueAuthenticates(UniAsserter asserter) {
        asOwner(asserter);
        asserter.assertThat(() -> keys.createAdminKey(owner, "ci", 3600L, null, null, Idempotent.none()).map(Outcome::body)
                .invoke(v -> minted = v), view -> {
            assertTrue(view.rawValue().startsWith(KeyPrefix.ADMIN.value()), view.rawValue());
            assertTrue(view.key().id.startsWith(IdPrefix.API_KEY.value()), view.key().id);
            assertEquals(KeyKind.ADMIN, view.key().kind);
            assertEquals(organizationId, view.key().organizationId);
            assertNull(view.key().projectId);
            assertEquals("ci", view.key().name);
            assertEquals("owner", view.key().role); // no role given: an owner key
            assertEquals(owner.ownerId(), view.owner().id);
            assertEquals(view.rawValue().substring(view.rawValue().length() - 4), view.key().lastFour);
            assertTrue(view.key().secretHash.startsWith("$argon2"), view.key().secretHash);
            assertFalse(view.key().secretHash.contains(view.rawValue().substring(view.rawValue().length() - 20)), "only the hash is stored");
            assertEquals(view.key().createdAt.plusSeconds(3600), view.key().expiresAt);
            assertEquals("owner", view.effectiveRole());
        });
        asserter.assertThat(() -> callerOf(minted.rawValue()), caller -> {
            assertEquals(minted.key().id, caller.keyId());
            assertEquals(organizationId, caller.organizationId());
            assertEquals(KeyKind.ADMIN, caller.kind());
            assertEquals("owner", caller.role());
            assertEquals(owner.ownerId(), caller.ownerId());
            assertTrue(caller.permissions().contains(Permission.ADMIN_KEYS_WRITE));
        });
        asserter.assertThat(() -> keys.getAdminKey(owner, minted.key().id), view -> {
            assertEquals("ci", view.key().name);
            assertNull(view.rawValue(), "the raw value is shown once, at minting");
        });
    }

    @Test
    @RunOnVertxContext
    void anOwnerKeyForAReaderMemberActsAsAReader(UniAsserter asserter) {
        asOwner(asserter);
        Caller[] asReader = new Caller[1];
        asserter.assertThat(() -> keys.createAdminKey(owner, "for-reader", null, OrgRole.OWNER, readerUserId, Idempotent.none())
                .map(Outcome::body).invoke(v -> minted = v), view -> {
            assertEquals("owner", view.key().role); // as asked...
            assertEquals(readerUserId, view.owner().id);
            assertEquals(OrgRole.READER, view.owner().role);
            assertEquals("reader", view.effectiveRole()); // ...but never shown as more than its owner can do
        });
        asserter.assertThat(() -> keys.listAdminKeys(owner, PageRequest.of("100", null, null, IdPrefix.API_KEY)), page -> {
            ApiKeyService.KeyView listed = page.items().stream().filter(v -> v.key().id.equals(minted.key().id)).findFirst().orElseThrow();
            assertEquals("reader", listed.effectiveRole());
            assertEquals(readerUserId, listed.owner().id);
            assertNull(listed.rawValue());
            assertEquals(2, page.items().size()); // the organization's first owner key and this one
        });
        asserter.execute(() -> callerOf(minted.rawValue()).invoke(c -> asReader[0] = c));
        asserter.execute(() -> {
            assertEquals("reader", asReader[0].role());
            assertEquals(readerUserId, asReader[0].ownerId());
            assertFalse(asReader[0].permissions().contains(Permission.ADMIN_KEYS_WRITE));
        });
        // the reader's key reads the keys but is refused every admin-key write
        asserter.assertThat(() -> keys.getAdminKey(asReader[0], minted.key().id), view -> assertEquals("for-reader", view.key().name));
        asserter.assertFailedWith(() -> keys.createAdminKey(asReader[0], "escalate", null, OrgRole.OWNER, null, Idempotent.none()),
                f -> assertTrue(assertApiError(f, 403, "insufficient_permissions").getMessage().contains("admin_keys.write")));
        asserter.assertFailedWith(() -> keys.deleteAdminKey(asReader[0], minted.key().id), f -> assertApiError(f, 403, "insufficient_permissions"));
    }

    @Test
    @RunOnVertxContext
    void aDeletedAdminKeyNoLongerAuthenticates(UniAsserter asserter) {
        asOwner(asserter);
        asserter.execute(() -> keys.createAdminKey(owner, "short-lived", null, OrgRole.READER, null, Idempotent.none())
                .map(Outcome::body).invoke(v -> minted = v));
        // authenticated once, so the verdict sits in the verified-key cache that the delete must drop
        asserter.assertThat(() -> callerOf(minted.rawValue()), caller -> assertEquals("reader", caller.role()));
        asserter.assertThat(() -> keys.deleteAdminKey(owner, minted.key().id), id -> assertEquals(minted.key().id, id));
        asserter.assertFailedWith(() -> callerOf(minted.rawValue()), f -> assertApiError(f, 401, "invalid_api_key"));
        asserter.assertFailedWith(() -> keys.getAdminKey(owner, minted.key().id), f -> assertApiError(f, 404, "not_found"));
        asserter.assertFailedWith(() -> keys.deleteAdminKey(owner, minted.key().id), f -> assertApiError(f, 404, "not_found"));
        // the owner's own key is untouched
        asserter.assertThat(() -> callerOf(ownerKey), caller -> assertEquals(owner.keyId(), caller.keyId()));
    }

    @Test
    @RunOnVertxContext
    void anOwnedProjectComesWithAnOwnerKeyOfIt(UniAsserter asserter) {
        asOwner(asserter);
        OwnedProjectService.Provisioned[] made = new OwnedProjectService.Provisioned[1];
        asserter.assertThat(() -> ownedProjects.create(owner, new ProjectDraft("seeded", "via a seed dialect", null, null, null, null, null), KeyPrefix.MACHINE, "first", Idempotent.none()).map(Outcome::body).invoke(p -> made[0] = p), p -> {
            assertEquals("seeded", p.project().name);
            assertEquals(organizationId, p.project().organizationId);
            assertEquals(owner.ownerId(), p.project().createdBy);
            assertTrue(p.key().rawValue().startsWith(KeyPrefix.MACHINE.value()), "the dialect's prefix");
            assertEquals(p.project().id, p.key().key().projectId);
            assertEquals(KeyKind.PROJECT, p.key().key().kind);
            assertEquals("user", p.key().key().ownerType);
            assertEquals(owner.ownerId(), p.key().key().ownerId);
            assertEquals("first", p.key().key().name);
        });
        asserter.assertThat(() -> callerOf(made[0].key().rawValue()), caller -> {
            assertEquals(made[0].key().key().id, caller.keyId());
            assertEquals(KeyKind.PROJECT, caller.kind());
            assertEquals(made[0].project().id, caller.projectId());
            assertEquals("owner", caller.role());
            assertEquals(ProjectRole.OWNER.permissions(), caller.permissions());
        });
        // the creator's owner membership was written in the same transaction
        asserter.assertThat(() -> members.get(owner, made[0].project().id, owner.ownerId()),
                m -> assertEquals(ProjectRole.OWNER, m.membership().role));
        // a project key (even an owner's) and a reader are refused
        asserter.assertFailedWith(() -> callerOf(made[0].key().rawValue())
                        .chain(scoped -> ownedProjects.create(scoped, new ProjectDraft("nested", null, null, null, null, null, null), KeyPrefix.PROJECT, "k", Idempotent.none()).map(Outcome::body)),
                f -> assertApiError(f, 403, "insufficient_permissions"));
        asserter.execute(() -> keys.createAdminKey(owner, "r", null, OrgRole.READER, null, Idempotent.none())
                .map(Outcome::body).invoke(v -> minted = v));
        asserter.assertFailedWith(() -> callerOf(minted.rawValue())
                        .chain(reader -> ownedProjects.create(reader, new ProjectDraft("refused", null, null, null, null, null, null), KeyPrefix.PROJECT, "k", Idempotent.none()).map(Outcome::body)),
                f -> assertApiError(f, 403, "insufficient_permissions"));
    }
}
