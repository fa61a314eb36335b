package dev.keyplane.access;

import dev.keyplane.common.ApiException;
import dev.keyplane.common.ErrorKind;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Caller's checks, the whole authorization model: require, requireInProject, requireHeld and the subset rule. */
class CallerTest {

    private static Caller adminKey(Set<Permission> permissions, String role) {
        return new Caller("key_a", "org_1", KeyKind.ADMIN, null, role, "user", "user_1", null, permissions, List.of());
    }

    private static Caller projectKey(String projectId, ProjectRole role) {
        return new Caller("key_p", "org_1", KeyKind.PROJECT, projectId, role.wire(), "user", "user_1", null,
                role.permissions(), List.of());
    }

    private static ApiException forbidden(Runnable check) {
        ApiException e = assertThrows(ApiException.class, check::run);
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertEquals(403, e.kind().status());
        assertEquals("insufficient_permissions", e.code());
        return e;
    }

    // --- the subset rule ---

    @Test
    void grantingExactlyWhatIsHeldIsAllowed() {
        Caller projectAdmin = projectKey("proj_1", ProjectRole.ADMIN);
        assertDoesNotThrow(() -> projectAdmin.requireWithin(ProjectRole.ADMIN.permissions(), "role 'admin'"));
        assertDoesNotThrow(() -> projectAdmin.requireWithin(ProjectRole.MEMBER.permissions(), "role 'member'"));
        assertDoesNotThrow(() -> projectAdmin.requireWithin(Set.of(), "role 'none'"));
    }

    @Test
    void grantingOnePermissionNotHeldIsA403NamingIt() {
        Caller projectAdmin = projectKey("proj_1", ProjectRole.ADMIN);
        ApiException e = forbidden(() -> projectAdmin.requireWithin(ProjectRole.OWNER.permissions(), "role 'owner'"));
        assertTrue(e.getMessage().contains("role 'owner'"), e.getMessage());
        assertTrue(e.getMessage().contains("projects.delete"), e.getMessage());
        assertTrue(e.getMessage().contains("(its role is 'admin')"), e.getMessage());
        // only what is missing is named, not what the admin holds
        assertFalse(e.getMessage().contains("projects.write"), e.getMessage());
    }

    @Test
    void everyMissingPermissionIsNamedInSortedOrder() {
        Caller member = projectKey("proj_1", ProjectRole.MEMBER);
        ApiException e = forbidden(() -> member.requireWithin(
                EnumSet.of(Permission.WEBHOOKS_WRITE, Permission.API_KEYS_WRITE, Permission.PROJECTS_READ), "the key"));
        assertEquals("You cannot grant the key: it carries api_keys.write, webhooks.write, which this API key does not hold"
                + " (its role is 'member').", e.getMessage());
    }

    @Test
    void aRoleChangeNeedsBothTheRoleHeldNowAndTheNewOne() {
        Caller projectAdmin = projectKey("proj_1", ProjectRole.ADMIN);
        assertDoesNotThrow(() -> projectAdmin.requireRoleChange("a member", "project role", ProjectRole.MEMBER, ProjectRole.ADMIN));
        assertDoesNotThrow(() -> projectAdmin.requireRoleChange("a member", "project role", null, ProjectRole.MEMBER));
        assertDoesNotThrow(() -> projectAdmin.requireRoleChange("a member", "project role", ProjectRole.ADMIN, null));
        // promoting to owner: the new role is refused
        assertTrue(forbidden(() -> projectAdmin.requireRoleChange("a member", "project role", ProjectRole.MEMBER, ProjectRole.OWNER))
                .getMessage().startsWith("You cannot grant the project role 'owner'"));
        // demoting or removing an owner: the role held now is refused, whatever the new one
        assertTrue(forbidden(() -> projectAdmin.requireRoleChange("a member", "project role", ProjectRole.OWNER, ProjectRole.MEMBER))
                .getMessage().startsWith("You cannot grant a change to a member whose project role is 'owner'"));
        assertTrue(forbidden(() -> projectAdmin.requireRoleChange("a service account", "service account role",
                ServiceAccountRole.OWNER, null)).getMessage().contains("a service account whose service account role is 'owner'"));
    }

    @Test
    void aCallerWithoutARoleIsRefusedWithoutOne() {
        Caller custom = adminKey(EnumSet.of(Permission.USERS_READ), null);
        ApiException e = forbidden(() -> custom.requireWithin(EnumSet.of(Permission.USERS_WRITE), "x"));
        assertTrue(e.getMessage().endsWith("does not hold."), e.getMessage());
    }

    // --- require: organization operations ---

    @Test
    void anOrganizationOperationPassesWithThePermissionAndFailsWithout() {
        Caller reader = adminKey(Permission.reads(), "reader");
        assertDoesNotThrow(() -> reader.require(Permission.PROJECTS_READ));
        ApiException e = forbidden(() -> reader.require(Permission.PROJECTS_WRITE));
        assertEquals("This API key lacks the 'projects.write' permission (its role is 'reader').", e.getMessage());
    }

    @Test
    void aProjectKeyNeverPassesAnOrganizationOperationEvenHoldingThePermission() {
        Caller owner = projectKey("proj_1", ProjectRole.OWNER);
        assertTrue(owner.permissions().contains(Permission.PROJECTS_READ));
        ApiException e = forbidden(() -> owner.require(Permission.PROJECTS_READ));
        assertTrue(e.getMessage().contains("own project"), e.getMessage());
    }

    // --- requireInProject and requireHeld ---

    @Test
    void aProjectKeyReachesItsOwnProjectOnly() {
        Caller owner = projectKey("proj_1", ProjectRole.OWNER);
        assertDoesNotThrow(() -> owner.requireInProject("proj_1", Permission.PROJECTS_DELETE));
        ApiException e = assertThrows(ApiException.class, () -> owner.requireInProject("proj_2", Permission.PROJECTS_READ));
        assertEquals(ErrorKind.NOT_FOUND, e.kind(), "another project is hidden, not forbidden");
        assertTrue(e.outsideKeyScope());
        assertEquals("proj_2", e.subjectId());
    }

    @Test
    void reachIsCheckedBeforeThePermission() {
        // a member lacks projects.delete, yet for another project the answer is the 404, which leaks nothing
        Caller member = projectKey("proj_1", ProjectRole.MEMBER);
        ApiException e = assertThrows(ApiException.class, () -> member.requireInProject("proj_2", Permission.PROJECTS_DELETE));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        forbidden(() -> member.requireInProject("proj_1", Permission.PROJECTS_DELETE));
    }

    @Test
    void anAdminKeyReachesEveryProjectOfItsOrganizationWithinItsPermissions() {
        Caller reader = adminKey(Permission.reads(), "reader");
        assertDoesNotThrow(() -> reader.requireInProject("proj_9", Permission.API_KEYS_READ));
        forbidden(() -> reader.requireInProject("proj_9", Permission.API_KEYS_WRITE));
    }

    @Test
    void requireHeldChecksThePermissionAtTheKeysOwnScope() {
        Caller gateway = new Caller("key_s", "org_1", KeyKind.SERVICE_ACCOUNT, "proj_1", "none", "service_account",
                "svc_1", null, EnumSet.of(Permission.KEYS_VERIFY), List.of("keys.verify"));
        assertDoesNotThrow(() -> gateway.requireHeld(Permission.KEYS_VERIFY));
        forbidden(() -> gateway.requireHeld(Permission.PROJECTS_READ));
        forbidden(() -> projectKey("proj_1", ProjectRole.OWNER).requireHeld(Permission.KEYS_VERIFY));
    }

    @Test
    void theSystemCallerOnlyManagesOrganizations() {
        Caller system = Caller.system();
        assertDoesNotThrow(() -> system.require(Permission.ORGANIZATIONS_MANAGE));
        forbidden(() -> system.require(Permission.PROJECTS_READ));
    }
}
