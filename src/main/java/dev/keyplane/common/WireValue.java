package dev.keyplane.common;

/** An enum whose wire and column spelling is {@link #wire()} (lower case), not its Java name. */
public interface WireValue {

    String wire();

    static <E extends Enum<E> & WireValue> E parse(Class<E> type, String wire) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(wire)) {
                return e;
            }
        }
        return null;
    }
}
