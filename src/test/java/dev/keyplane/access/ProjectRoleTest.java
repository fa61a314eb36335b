package dev.keyplane.access;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Project roles are nested (member ⊂ admin ⊂ owner), and ProjectRole.effective is the one rule for a user's role. */
class ProjectRoleTest {

    @Test
    void rolesAreStrictlyNested() {
        var member = ProjectRole.MEMBER.permissions();
        var admin = ProjectRole.ADMIN.permissions();
        var owner = ProjectRole.OWNER.permissions();
        assertTrue(admin.containsAll(member));
        assertTrue(owner.containsAll(admin));
        assertTrue(admin.size() > member.size());
        assertTrue(owner.size() > admin.size());
    }

    @Test
    void onlyAnOwnerMayArchiveOrDeleteTheProject() {
        assertTrue(ProjectRole.OWNER.permissions().contains(Permission.PROJECTS_DELETE));
        assertFalse(ProjectRole.ADMIN.permissions().contains(Permission.PROJECTS_DELETE));
        assertFalse(ProjectRole.MEMBER.permissions().contains(Permission.PROJECTS_DELETE));
        var ownerOnly = new java.util.HashSet<>(ProjectRole.OWNER.permissions());
        ownerOnly.removeAll(ProjectRole.ADMIN.permissions());
        assertEquals(java.util.Set.of(Permission.PROJECTS_DELETE), ownerOnly);
    }

    @Test
    void aMemberOnlyReadsAndAnAdminManagesTheProjectsContents() {
        assertTrue(ProjectRole.MEMBER.permissions().stream().allMatch(Permission::isRead));
        for (Permission write : List.of(Permission.PROJECTS_WRITE, Permission.PROJECT_MEMBERS_WRITE,
                Permission.SERVICE_ACCOUNTS_WRITE, Permission.API_KEYS_WRITE, Permission.RATE_LIMITS_WRITE,
                Permission.RESOURCES_WRITE, Permission.CERTIFICATES_WRITE, Permission.WEBHOOKS_WRITE)) {
            assertTrue(ProjectRole.ADMIN.permissions().contains(write), write.value());
        }
    }

    @Test
    void noProjectRoleCarriesAnOrganizationLevelPermission() {
        for (ProjectRole role : ProjectRole.values()) {
            for (Permission p : List.of(Permission.USERS_READ, Permission.USERS_WRITE, Permission.GROUPS_WRITE,
                    Permission.ROLES_WRITE, Permission.ADMIN_KEYS_READ, Permission.ADMIN_KEYS_WRITE,
                    Permission.QUOTAS_READ, Permission.AUDIT_LOGS_READ, Permission.KEYS_VERIFY,
                    Permission.ORGANIZATIONS_MANAGE)) {
                assertFalse(role.permissions().contains(p), role + " carries " + p.value());
            }
        }
    }

    @Test
    void permissionsAreFreshCopiesThatCallersCannotCorrupt() {
        ProjectRole.MEMBER.permissions().add(Permission.PROJECTS_DELETE);
        assertFalse(ProjectRole.MEMBER.permissions().contains(Permission.PROJECTS_DELETE));
    }

    @Test
    void anOrganizationOwnerOwnsEveryProject() {
        assertEquals(ProjectRole.OWNER, ProjectRole.effective(OrgRole.OWNER, List.of()));
        assertEquals(ProjectRole.OWNER, ProjectRole.effective(OrgRole.OWNER, List.of(ProjectRole.MEMBER)));
    }

    @Test
    void anyoneElseHasTheHighestOfTheirRolesInAnyOrder() {
        assertEquals(ProjectRole.ADMIN, ProjectRole.effective(OrgRole.READER, List.of(ProjectRole.MEMBER, ProjectRole.ADMIN)));
        assertEquals(ProjectRole.ADMIN, ProjectRole.effective(OrgRole.READER, List.of(ProjectRole.ADMIN, ProjectRole.MEMBER)));
        assertEquals(ProjectRole.OWNER, ProjectRole.effective(OrgRole.READER,
                List.of(ProjectRole.MEMBER, ProjectRole.OWNER, ProjectRole.ADMIN)));
        assertEquals(ProjectRole.MEMBER, ProjectRole.effective(OrgRole.READER, List.of(ProjectRole.MEMBER, ProjectRole.MEMBER)));
    }

    @Test
    void noRoleAtAllIsNull() {
        assertNull(ProjectRole.effective(OrgRole.READER, List.of()));
        assertNull(ProjectRole.effective(OrgRole.READER, Arrays.asList((ProjectRole) null)));
    }

    @Test
    void nullRolesAndANullOrganizationRoleAreIgnored() {
        assertEquals(ProjectRole.MEMBER, ProjectRole.effective(OrgRole.READER, Arrays.asList(null, ProjectRole.MEMBER, null)));
        assertEquals(ProjectRole.ADMIN, ProjectRole.effective(null, List.of(ProjectRole.ADMIN)));
        assertNull(ProjectRole.effective(null, List.of()));
    }

    @Test
    void wireNamesAreTheContractsSpelling() {
        assertEquals(List.of("owner", "admin", "member"), Arrays.stream(ProjectRole.values()).map(ProjectRole::wire).toList());
        assertEquals("admin", ProjectRole.ADMIN.toString());
    }
}
