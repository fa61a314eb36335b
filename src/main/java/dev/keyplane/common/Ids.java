package dev.keyplane.common;

import java.security.SecureRandom;

/**
 * Prefixed, time-ordered identifiers ({@code proj_01j9…}): a 48-bit millisecond timestamp and 80 random
 * bits in lower-case Crockford base32, 26 characters, so ordering by id is ordering by creation.
 * Ids minted in the same millisecond by this process increase monotonically.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final int BODY_LENGTH = 26;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static long lastMillis = -1;
    private static final byte[] lastRandom = new byte[10];

    private Ids() {}

    public static String newId(IdPrefix prefix) {
        byte[] bytes = new byte[16];
        synchronized (Ids.class) {
            long now = System.currentTimeMillis();
            if (now <= lastMillis) {
                now = lastMillis;
                increment(lastRandom);
            } else {
                lastMillis = now;
                RANDOM.nextBytes(lastRandom);
            }
            for (int i = 0; i < 6; i++) {
                bytes[i] = (byte) (now >>> (40 - 8 * i));
            }
            System.arraycopy(lastRandom, 0, bytes, 6, 10);
        }
        return prefix.value() + encode(bytes);
    }

    /** The smallest id {@code prefix} could mint at {@code instant}: every id minted before it sorts below. */
    public static String floor(IdPrefix prefix, java.time.Instant instant) {
        long millis = instant.toEpochMilli();
        byte[] bytes = new byte[16];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (millis >>> (40 - 8 * i));
        }
        return prefix.value() + encode(bytes);
    }

    /** True when {@code id} has the exact shape of an id minted with {@code prefix}. */
    public static boolean hasShape(IdPrefix prefix, String id) {
        String p = prefix.value();
        if (id == null || id.length() != p.length() + BODY_LENGTH || !id.startsWith(p)) {
            return false;
        }
        for (int i = p.length(); i < id.length(); i++) {
            if (decode(id.charAt(i)) < 0) {
                return false;
            }
        }
        return decode(id.charAt(p.length())) < 4; // 128 bits in 130: the first digit carries 2 bits
    }

    private static void increment(byte[] random) {
        for (int i = random.length - 1; i >= 0; i--) {
            if (++random[i] != 0) {
                return;
            }
        }
    }

    private static String encode(byte[] bytes) {
        // 128 bits -> 26 base32 digits, most significant first (the first digit holds the top 3 bits).
        char[] out = new char[BODY_LENGTH];
        java.math.BigInteger value = new java.math.BigInteger(1, bytes);
        for (int i = BODY_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET[value.intValue() & 31];
            value = value.shiftRight(5);
        }
        return new String(out);
    }

    private static int decode(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        for (int i = 10; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
