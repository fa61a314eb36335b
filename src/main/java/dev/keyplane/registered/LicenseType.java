package dev.keyplane.registered;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.keyplane.common.WireValue;
import dev.keyplane.common.WireValueConverter;
import jakarta.persistence.Converter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A license's origin, as R4 names it. */
@Schema(name = "LicenseType", type = SchemaType.STRING, enumeration = {"internal", "manual"})
public enum LicenseType implements WireValue {
    INTERNAL("internal"),
    MANUAL("manual");

    private final String wire;

    LicenseType(String wire) {
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
    public static class JpaConverter extends WireValueConverter<LicenseType> {
        public JpaConverter() {
            super(LicenseType.class);
        }
    }
}
