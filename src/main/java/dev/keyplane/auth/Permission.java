package dev.keyplane.auth;

/** What an operation needs. Every service operation declares one with {@link RequiresPermission}. */
public enum Permission {
    PROJECTS_READ("projects.read"),
    PROJECTS_WRITE("projects.write"),
    PROJECTS_DELETE("projects.delete"),
    ADMIN_KEYS_READ("admin_keys.read"),
    ADMIN_KEYS_WRITE("admin_keys.write"),
    /** The operator API: create and list organizations. Only the system key has it. */
    ORGANIZATIONS_MANAGE("organizations.manage");

    private final String value;

    Permission(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public boolean isRead() {
        return value.endsWith(".read");
    }
}
