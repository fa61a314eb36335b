package dev.keyplane.access;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.keyplane.common.WireValue;
import dev.keyplane.common.WireValueConverter;
import jakarta.persistence.Converter;

/** What a key is for: the organization (admin), or one project for a user or a service account. Prefixes: {@code secrets.KeyPrefix}. */
public enum KeyKind implements WireValue {
    ADMIN("admin"),
    PROJECT("project"),
    SERVICE_ACCOUNT("service_account");

    private final String wire;

    KeyKind(String wire) {
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
    public static class JpaConverter extends WireValueConverter<KeyKind> {
        public JpaConverter() {
            super(KeyKind.class);
        }
    }
}
