package dev.keyplane.secrets;

import dev.keyplane.access.KeyKind;

/**
 * What a raw key starts with: where it was minted and what it is. Every prefix is followed by the same
 * format (lookup id, {@code .}, secret, checksum); {@code mk_} is a project key minted by the
 * {@code /machine/projects} dialect, as that dialect's clients expect.
 */
public enum KeyPrefix {
    ADMIN("sk-admin-", KeyKind.ADMIN),
    PROJECT("sk-proj-", KeyKind.PROJECT),
    SERVICE_ACCOUNT("sk-svcacct-", KeyKind.SERVICE_ACCOUNT),
    MACHINE("mk_", KeyKind.PROJECT);

    private static final KeyPrefix[] ALL = values();

    private final String value;
    private final KeyKind kind;

    KeyPrefix(String value, KeyKind kind) {
        this.value = value;
        this.kind = kind;
    }

    public String value() {
        return value;
    }

    public KeyKind kind() {
        return kind;
    }

    /** The prefix a key of {@code kind} gets unless a dialect asks for another. */
    public static KeyPrefix standard(KeyKind kind) {
        return switch (kind) {
            case ADMIN -> ADMIN;
            case PROJECT -> PROJECT;
            case SERVICE_ACCOUNT -> SERVICE_ACCOUNT;
        };
    }

    /** The prefix {@code raw} starts with, or {@code null}. */
    static KeyPrefix of(String raw) {
        for (KeyPrefix p : ALL) {
            if (raw.startsWith(p.value)) {
                return p;
            }
        }
        return null;
    }

    /** The stored spelling back to the prefix ({@code null} for an unknown one). */
    public static KeyPrefix fromValue(String value) {
        for (KeyPrefix p : ALL) {
            if (p.value.equals(value)) {
                return p;
            }
        }
        return null;
    }
}
