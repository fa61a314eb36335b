package dev.keyplane.access;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.keyplane.common.WireValueConverter;
import jakarta.persistence.Converter;

/** An organization member's role: owners may do everything, readers may only read. */
@org.eclipse.microprofile.openapi.annotations.media.Schema(name = "OrganizationRole", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
        enumeration = {"owner", "reader"})
public enum OrgRole implements GrantableRole {
    OWNER("owner"),
    READER("reader");

    private final String wire;

    OrgRole(String wire) {
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

    public java.util.Set<dev.keyplane.access.Permission> permissions() {
        return this == OWNER ? dev.keyplane.access.Permission.organizationOwner() : dev.keyplane.access.Permission.reads();
    }

    @Converter(autoApply = true)
    public static class JpaConverter extends WireValueConverter<OrgRole> {
        public JpaConverter() {
            super(OrgRole.class);
        }
    }
}
