package dev.keyplane.access;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grant computation: what a key may do, from what its owner is (Grants), without a database. */
class GrantsTest {

    private static Grants.KeyFacts adminKey(String keyRole, OrgRole ownerRole, List<String> custom) {
        // projectActive false on purpose: an admin key belongs to no project and must not depend on one
        return new Grants.KeyFacts("key_a", "org_1", KeyKind.ADMIN, null, "user", "user_1", "u@example.com", keyRole,
                ownerRole, custom, List.of(), null, false, List.of());
    }

    private static Grants.KeyFacts projectKey(OrgRole ownerRole, List<ProjectRole> roles, boolean projectActive) {
        return new Grants.KeyFacts("key_p", "org_1", KeyKind.PROJECT, "proj_1", "user", "user_1", "u@example.com", null,
                ownerRole, List.of(), roles, null, projectActive, null);
    }

    private static Grants.KeyFacts serviceAccountKey(ServiceAccountRole role, boolean projectActive, List<String> scopes) {
        return new Grants.KeyFacts("key_s", "org_1", KeyKind.SERVICE_ACCOUNT, "proj_1", "service_account", "svc_1", null,
                null, null, List.of(), List.of(), role, projectActive, scopes);
    }

    // --- admin keys ---

    @Test
    void anOwnersOwnerKeyMayDoEverythingButManageOrganizations() {
        Caller caller = Grants.callerOf(adminKey("owner", OrgRole.OWNER, List.of()));
        assertNotNull(caller);
        assertEquals(Permission.organizationOwner(), caller.permissions());
        assertFalse(caller.permissions().contains(Permission.ORGANIZATIONS_MANAGE));
        assertTrue(caller.permissions().contains(Permission.AUDIT_LOGS_READ));
        assertEquals("owner", caller.role());
        assertNull(caller.projectId(), "an admin key is organization-wide");
        assertEquals(List.of(), caller.scopes());
    }

    @Test
    void aReaderOwnersKeyOnlyReadsEvenWhenMintedAsOwner() {
        Caller caller = Grants.callerOf(adminKey("owner", OrgRole.READER, List.of()));
        assertEquals(Permission.reads(), caller.permissions());
        assertEquals("reader", caller.role(), "a key never shows as more than it can do");
        assertFalse(caller.permissions().contains(Permission.AUDIT_LOGS_READ), "readers do not see the audit log");
    }

    @Test
    void aReaderKeyOfAnOwnerIsCappedToTheReads() {
        Caller caller = Grants.callerOf(adminKey("reader", OrgRole.OWNER, List.of()));
        assertEquals(Permission.reads(), caller.permissions());
        assertTrue(caller.permissions().stream().allMatch(Permission::isRead));
        assertFalse(caller.permissions().contains(Permission.AUDIT_LOGS_READ), "the audit log is not one of the reads");
        assertEquals("reader", caller.role());
    }

    @Test
    void customRolePermissionsAddToAnOwnerKeyOfAReader() {
        Set<Permission> granted = Grants.adminKey("owner", OrgRole.READER, List.of("projects.write", "webhooks.write"));
        Set<Permission> expected = EnumSet.copyOf(Permission.reads());
        expected.add(Permission.PROJECTS_WRITE);
        expected.add(Permission.WEBHOOKS_WRITE);
        assertEquals(expected, granted);
    }

    @Test
    void aReaderKeyKeepsOnlyTheReadsOfItsOwnersCustomRoles() {
        Set<Permission> granted = Grants.adminKey("reader", OrgRole.READER,
                List.of("projects.write", "audit_logs.read", "users.read"));
        assertEquals(Permission.reads(), granted);
    }

    @Test
    void noCustomRoleEverGrantsOrganizationsManage() {
        assertEquals(Set.of(), Grants.custom(List.of("organizations.manage")));
        assertFalse(Grants.adminKey("owner", OrgRole.OWNER, List.of("organizations.manage"))
                .contains(Permission.ORGANIZATIONS_MANAGE));
    }

    @Test
    void customIgnoresUnknownNamesAndNullLists() {
        assertEquals(EnumSet.of(Permission.GROUPS_WRITE),
                Grants.custom(List.of("groups.write", "groups.destroy", "GROUPS.WRITE", "")));
        assertEquals(Set.of(), Grants.custom(null));
        assertEquals(Permission.reads(), Grants.adminKey("owner", OrgRole.READER, null));
    }

    @Test
    void adminKeyRoleIsOwnerOnlyForAnOwnerKeyOfAnOwner() {
        assertEquals("owner", Grants.adminKeyRole("owner", OrgRole.OWNER));
        assertEquals("reader", Grants.adminKeyRole("owner", OrgRole.READER));
        assertEquals("reader", Grants.adminKeyRole("reader", OrgRole.OWNER));
        assertEquals("reader", Grants.adminKeyRole(null, OrgRole.OWNER));
    }

    @Test
    void anAdminKeyWhoseOwnerLeftGrantsNothing() {
        assertNull(Grants.callerOf(adminKey("owner", null, List.of("projects.write"))));
    }

    // --- project keys ---

    @Test
    void anOrganizationOwnerOwnsEveryProjectWithoutAMembership() {
        Caller caller = Grants.callerOf(projectKey(OrgRole.OWNER, List.of(), true));
        assertNotNull(caller);
        assertEquals("owner", caller.role());
        assertEquals(Permission.projectOwner(), caller.permissions());
        assertEquals("proj_1", caller.projectId());
        assertTrue(caller.isProjectScoped());
    }

    @Test
    void aProjectKeyCarriesTheHighestOfDirectAndGroupRoles() {
        Caller caller = Grants.callerOf(projectKey(OrgRole.READER, List.of(ProjectRole.MEMBER, ProjectRole.ADMIN), true));
        assertEquals("admin", caller.role());
        assertEquals(Permission.projectAdmin(), caller.permissions());
        assertFalse(caller.permissions().contains(Permission.PROJECTS_DELETE));
    }

    @Test
    void aProjectKeyWithoutAnyRoleInItsProjectGrantsNothing() {
        assertNull(Grants.callerOf(projectKey(OrgRole.READER, List.of(), true)));
        assertNull(Grants.callerOf(projectKey(OrgRole.READER, null, true)));
    }

    @Test
    void aProjectKeyOfAnArchivedProjectGrantsNothingEvenToAnOrganizationOwner() {
        assertNull(Grants.callerOf(projectKey(OrgRole.OWNER, List.of(ProjectRole.OWNER), false)));
    }

    @Test
    void aProjectKeyNeverCarriesOrganizationLevelPermissions() {
        Caller caller = Grants.callerOf(projectKey(OrgRole.OWNER, List.of(), true));
        for (Permission p : List.of(Permission.USERS_WRITE, Permission.ADMIN_KEYS_WRITE, Permission.ROLES_WRITE,
                Permission.AUDIT_LOGS_READ, Permission.ORGANIZATIONS_MANAGE, Permission.KEYS_VERIFY)) {
            assertFalse(caller.permissions().contains(p), p.value());
        }
    }

    // --- service-account keys ---

    @Test
    void aServiceAccountKeyCarriesItsAccountsRole() {
        Caller owner = Grants.callerOf(serviceAccountKey(ServiceAccountRole.OWNER, true, List.of()));
        assertEquals(Permission.projectOwner(), owner.permissions());
        assertEquals("owner", owner.role());
        assertNull(owner.ownerEmail());
        Caller member = Grants.callerOf(serviceAccountKey(ServiceAccountRole.MEMBER, true, List.of()));
        assertEquals(Permission.projectMember(), member.permissions());
    }

    @Test
    void aNoneServiceAccountKeyAuthenticatesButMayCallNothing() {
        Caller none = Grants.callerOf(serviceAccountKey(ServiceAccountRole.NONE, true, null));
        assertNotNull(none);
        assertEquals(Set.of(), none.permissions());
        assertEquals(List.of(), none.scopes());
    }

    @Test
    void keysVerifyComesOnlyFromTheScopeNeverFromTheRole() {
        assertFalse(Grants.serviceAccountKey(ServiceAccountRole.OWNER, List.of()).contains(Permission.KEYS_VERIFY));
        assertFalse(Grants.serviceAccountKey(ServiceAccountRole.OWNER, null).contains(Permission.KEYS_VERIFY));
        Set<Permission> gateway = Grants.serviceAccountKey(ServiceAccountRole.NONE, List.of("keys.verify"));
        assertEquals(EnumSet.of(Permission.KEYS_VERIFY), gateway);
        Caller caller = Grants.callerOf(serviceAccountKey(ServiceAccountRole.MEMBER, true, List.of("keys.verify")));
        assertTrue(caller.permissions().contains(Permission.KEYS_VERIFY));
        assertEquals(List.of("keys.verify"), caller.scopes());
    }

    @Test
    void noOtherScopeGrantsAPermission() {
        assertEquals(Set.of(), Grants.serviceAccountKey(ServiceAccountRole.NONE,
                List.of("projects.write", "organizations.manage", "api_keys.write")));
    }

    @Test
    void aServiceAccountKeyWhoseAccountIsGoneOrWhoseProjectIsArchivedGrantsNothing() {
        assertNull(Grants.callerOf(serviceAccountKey(null, true, List.of("keys.verify"))));
        assertNull(Grants.callerOf(serviceAccountKey(ServiceAccountRole.OWNER, false, List.of())));
    }

    @Test
    void grantedNamesListPermissionsAndScopesSorted() {
        Caller caller = Grants.callerOf(serviceAccountKey(ServiceAccountRole.NONE, true, List.of("keys.verify", "zz.custom")));
        assertEquals(List.of("keys.verify", "zz.custom"), caller.grantedNames());
        Caller member = Grants.callerOf(serviceAccountKey(ServiceAccountRole.MEMBER, true, List.of()));
        List<String> names = member.grantedNames();
        assertEquals(names.stream().sorted().toList(), names);
        assertEquals(Permission.projectMember().size(), names.size());
    }
}
