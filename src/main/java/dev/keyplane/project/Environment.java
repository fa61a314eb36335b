package dev.keyplane.project;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.keyplane.common.WireValue;
import dev.keyplane.common.WireValueConverter;
import jakarta.persistence.Converter;

/** The environment a project serves; {@code production} unless told otherwise. */
@org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ProjectEnvironment", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
        enumeration = {"production", "staging", "development"})
public enum Environment implements WireValue {
    PRODUCTION("production"),
    STAGING("staging"),
    DEVELOPMENT("development");

    private final String wire;

    Environment(String wire) {
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
    public static class JpaConverter extends WireValueConverter<Environment> {
        public JpaConverter() {
            super(Environment.class);
        }
    }
}
