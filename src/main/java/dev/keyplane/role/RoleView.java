package dev.keyplane.role;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A role as the API shows it, predefined or custom. */
public record RoleView(String id, String name, String description, List<String> permissions, String resourceType,
                       boolean predefined, Instant createdAt, Instant updatedAt, String createdBy) {

    public static RoleView of(PredefinedRoles.Definition d) {
        return new RoleView(d.id(), d.name(), d.description(), d.permissionNames(), d.resourceType(), true, null, null, null);
    }

    public static RoleView of(Role r) {
        return new RoleView(r.id, r.name, r.description, Arrays.asList(r.permissions), r.resourceType, false,
                r.createdAt, r.updatedAt, r.createdBy);
    }
}
