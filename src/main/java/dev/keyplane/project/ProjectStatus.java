package dev.keyplane.project;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.keyplane.common.WireValue;
import dev.keyplane.common.WireValueConverter;
import jakarta.persistence.Converter;

public enum ProjectStatus implements WireValue {
    ACTIVE("active"),
    ARCHIVED("archived");

    private final String wire;

    ProjectStatus(String wire) {
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
    public static class JpaConverter extends WireValueConverter<ProjectStatus> {
        public JpaConverter() {
            super(ProjectStatus.class);
        }
    }
}
