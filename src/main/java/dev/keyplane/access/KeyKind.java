package dev.keyplane.access;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.keyplane.common.WireValue;
import dev.keyplane.common.WireValueConverter;
import jakarta.persistence.Converter;

/** What a key is for, and the prefix its raw value starts with. */
public enum KeyKind implements WireValue {
    ADMIN("admin", "sk-admin-"),
    PROJECT("project", "sk-proj-"),
    SERVICE_ACCOUNT("service_account", "sk-svcacct-");

    private final String wire;
    private final String prefix;

    KeyKind(String wire, String prefix) {
        this.wire = wire;
        this.prefix = prefix;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public String toString() {
        return wire;
    }

    @Converter(autoApply = true)
    public static class JpaConverter extends WireValueConverter<KeyKind> {
        public JpaConverter() {
            super(KeyKind.class);
        }
    }
}
