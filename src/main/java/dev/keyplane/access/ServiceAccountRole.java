package dev.keyplane.access;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.keyplane.common.WireValueConverter;
import jakarta.persistence.Converter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.EnumSet;
import java.util.Set;

/** A service account's role in its project; {@code none} keys authenticate but may call nothing. */
@Schema(name = "ServiceAccountRole", type = SchemaType.STRING, enumeration = {"owner", "member", "none"})
public enum ServiceAccountRole implements GrantableRole {
    OWNER("owner"),
    MEMBER("member"),
    NONE("none");

    private final String wire;

    ServiceAccountRole(String wire) {
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
            case MEMBER -> Permission.projectMember();
            case NONE -> EnumSet.noneOf(Permission.class);
        };
    }

    @Converter(autoApply = true)
    public static class JpaConverter extends WireValueConverter<ServiceAccountRole> {
        public JpaConverter() {
            super(ServiceAccountRole.class);
        }
    }
}
