package dev.keyplane.secrets;

import dev.keyplane.access.KeyKind;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The raw key format {@code <kind prefix><lookup id>.<secret><checksum>}: a 16-character base62 lookup
 * id (indexed, not secret), a 43-character base62 secret (256 bits from {@link SecureRandom}) and a
 * 6-character base62 CRC32 of everything before it, so that typos, truncations and scanners' guesses
 * are rejected without touching the database.
 */
public final class KeyFormat {

    public static final int LOOKUP_ID_LENGTH = 16;
    public static final int SECRET_LENGTH = 43;
    public static final int CHECKSUM_LENGTH = 6;
    private static final char SEPARATOR = '.';
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFormat() {}

    /** A parsed, checksum-valid key: what authentication looks up and verifies. */
    public record ParsedKey(KeyPrefix prefix, String lookupId, String secret) {

        public KeyKind kind() {
            return prefix.kind();
        }
    }

    /** A freshly minted key: the raw value is shown once; the rest is stored. */
    public record NewKey(KeyPrefix prefix, String raw, String lookupId, String secret, String lastFour) {}

    public static NewKey generate(KeyKind kind) {
        return generate(KeyPrefix.standard(kind));
    }

    public static NewKey generate(KeyPrefix prefix) {
        String lookupId = randomBase62(LOOKUP_ID_LENGTH);
        String secret = randomBase62(SECRET_LENGTH);
        String body = prefix.value() + lookupId + SEPARATOR + secret;
        String raw = body + checksum(body);
        return new NewKey(prefix, raw, lookupId, secret, raw.substring(raw.length() - 4));
    }

    /** Parses a presented key, or returns {@code null} when its shape or checksum is wrong. */
    public static ParsedKey parse(String raw) {
        if (raw == null) {
            return null;
        }
        KeyPrefix prefix = KeyPrefix.of(raw);
        if (prefix == null) {
            return null;
        }
        int start = prefix.value().length();
        int separator = start + LOOKUP_ID_LENGTH;
        int checksumStart = separator + 1 + SECRET_LENGTH;
        if (raw.length() != checksumStart + CHECKSUM_LENGTH || raw.charAt(separator) != SEPARATOR
                || !isBase62(raw, start, separator) || !isBase62(raw, separator + 1, raw.length())) {
            return null;
        }
        if (!checksumMatches(raw, checksumStart)) {
            return null;
        }
        return new ParsedKey(prefix, raw.substring(start, separator), raw.substring(separator + 1, checksumStart));
    }

    /** The value shown in place of a key: {@code sk-admin...AbCd}, {@code mk...AbCd}. */
    public static String redact(KeyPrefix prefix, String lastFour) {
        String p = prefix.value();
        return p.substring(0, p.length() - 1) + "..." + lastFour;
    }

    /** The redacted form of a raw key this server minted (for responses kept without their secret). */
    public static String redactRaw(String raw) {
        KeyPrefix prefix = KeyPrefix.of(raw);
        return redact(prefix == null ? KeyPrefix.PROJECT : prefix, raw.substring(raw.length() - 4));
    }

    public static String redact(KeyKind kind, String lastFour) {
        return redact(KeyPrefix.standard(kind), lastFour);
    }

    static String checksum(String body) {
        long value = crc32(body, body.length());
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE62[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }

    /** Compares the checksum in place: this runs on every presented key, so it allocates nothing but the bytes. */
    private static boolean checksumMatches(String raw, int checksumStart) {
        long value = crc32(raw, checksumStart);
        for (int i = checksumStart + CHECKSUM_LENGTH - 1; i >= checksumStart; i--) {
            if (raw.charAt(i) != BASE62[(int) (value % 62)]) {
                return false;
            }
            value /= 62;
        }
        return true;
    }

    private static long crc32(String s, int length) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.US_ASCII), 0, length);
        return crc.getValue();
    }

    private static String randomBase62(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }

    /** Which ASCII characters are base62 digits: one table lookup a character on every key parse. */
    private static final boolean[] IS_BASE62 = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            IS_BASE62[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            IS_BASE62[c] = true;
            IS_BASE62[c + ('a' - 'A')] = true;
        }
    }

    private static boolean isBase62(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 128 || !IS_BASE62[c]) {
                return false;
            }
        }
        return true;
    }
}
