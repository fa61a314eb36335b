package dev.keyplane.common;

import jakarta.persistence.AttributeConverter;

/** Stores a {@link WireValue} enum as its wire spelling; one one-line subclass per enum. */
public abstract class WireValueConverter<E extends Enum<E> & WireValue> implements AttributeConverter<E, String> {

    private final Class<E> type;

    protected WireValueConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : value.wire();
    }

    @Override
    public E convertToEntityAttribute(String column) {
        if (column == null) {
            return null;
        }
        E value = WireValue.parse(type, column);
        if (value == null) {
            throw new IllegalStateException("Unknown " + type.getSimpleName() + " in database: " + column);
        }
        return value;
    }
}
