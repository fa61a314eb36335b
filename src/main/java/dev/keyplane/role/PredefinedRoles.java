package dev.keyplane.role;

import dev.keyplane.access.OrgRole;
import dev.keyplane.access.Permission;
import dev.keyplane.access.ProjectRole;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The roles every organization has: organization {@code owner} and {@code reader}, project {@code owner},
 * {@code admin} and {@code member}. They are defined here, not stored, cannot be changed or deleted, and
 * their ids sort before every custom role's.
 */
public final class PredefinedRoles {

    /** A predefined role as the API shows it. */
    public record Definition(String id, String name, String description, String resourceType, Set<Permission> permissions) {

        public List<String> permissionNames() {
            return permissions.stream().map(Permission::value).sorted().toList();
        }
    }

    public static final List<Definition> ALL = List.of(
            new Definition("role_00000000000000000000000001", OrgRole.OWNER.wire(), "Organization owner: everything.",
                    Role.ORGANIZATION, OrgRole.OWNER.permissions()),
            new Definition("role_00000000000000000000000002", OrgRole.READER.wire(), "Organization reader: read everything.",
                    Role.ORGANIZATION, OrgRole.READER.permissions()),
            new Definition("role_00000000000000000000000003", ProjectRole.OWNER.wire(), "Project owner: everything in the project.",
                    Role.PROJECT, ProjectRole.OWNER.permissions()),
            new Definition("role_00000000000000000000000004", ProjectRole.ADMIN.wire(),
                    "Project admin: members, service accounts and keys, not the project itself.",
                    Role.PROJECT, ProjectRole.ADMIN.permissions()),
            new Definition("role_00000000000000000000000005", ProjectRole.MEMBER.wire(), "Project member: read the project.",
                    Role.PROJECT, ProjectRole.MEMBER.permissions()));

    private PredefinedRoles() {}

    public static Optional<Definition> byId(String id) {
        return ALL.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    public static boolean isReservedName(String resourceType, String name) {
        return ALL.stream().anyMatch(d -> d.resourceType().equals(resourceType) && d.name().equalsIgnoreCase(name));
    }
}
