package dev.keyplane.access;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.keyplane.common.WireValueConverter;
import jakarta.persistence.Converter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Set;

/** A user's role inside a project (directly or through a group). */
@Schema(name = "ProjectRole", type = SchemaType.STRING, enumeration = {"owner", "admin", "member"})
public enum ProjectRole implements GrantableRole {
    OWNER("owner"),
    ADMIN("admin"),
    MEMBER("member");

    private final String wire;

    ProjectRole(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }

    public Set<Permission> permissions() {
        return switch (this) {
            case OWNER -> Permission.projectOwner();
            case ADMIN -> Permission.projectAdmin();
            case MEMBER -> Permission.projectMember();
        };
    }

    /**
     * A user's effective role in a project, the one place this rule lives: an organization owner owns every
     * project of the organization (as in the OpenAI model); anyone else has the highest of their direct
     * membership and the roles of the groups they belong to, or {@code null} when there is none.
     */
    public static ProjectRole effective(OrgRole organizationRole, Iterable<ProjectRole> memberships) {
        return organizationRole == OrgRole.OWNER ? OWNER : highest(memberships);
    }

    private static ProjectRole highest(Iterable<ProjectRole> roles) {
        ProjectRole best = null;
        for (ProjectRole role : roles) {
            if (role != null && (best == null || role.ordinal() < best.ordinal())) {
                best = role;
            }
        }
        return best;
    }

    @Converter(autoApply = true)
    public static class JpaConverter extends WireValueConverter<ProjectRole> {
        public JpaConverter() {
            super(ProjectRole.class);
        }
    }
}
