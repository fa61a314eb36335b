package dev.keyplane.registered;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.keyplane.common.WireValue;
import dev.keyplane.common.WireValueConverter;
import jakarta.persistence.Converter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The kinds of object a project can register: seed 000's snapshots and files, R4's vaults, licenses and license groups. */
@Schema(name = "ResourceKind", type = SchemaType.STRING, enumeration = {"snapshot", "file", "vault", "license", "license_group"})
public enum ResourceKind implements WireValue {
    SNAPSHOT("snapshot"),
    FILE("file"),
    VAULT("vault"),
    LICENSE("license"),
    LICENSE_GROUP("license_group");

    private final String wire;

    ResourceKind(String wire) {
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

    @Converter(autoApply = true)
    public static class JpaConverter extends WireValueConverter<ResourceKind> {
        public JpaConverter() {
            super(ResourceKind.class);
        }
    }
}
