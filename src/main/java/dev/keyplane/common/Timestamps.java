package dev.keyplane.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Wire timestamps are Unix seconds in the primary dialect and ISO 8601 UTC with milliseconds
 * ({@code 2026-02-07T12:00:00.000Z}) in the seed dialects; stored ones are microsecond instants.
 */
public final class Timestamps {

    private Timestamps() {}

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** For SQL parameters: the reactive PostgreSQL client binds a timestamptz from an OffsetDateTime. */
    public static java.time.OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
    }

    public static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }

    private static final java.time.format.DateTimeFormatter ISO_MILLIS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** ISO 8601 in UTC with exactly three fraction digits, or {@code null}. */
    public static String iso(Instant instant) {
        return instant == null ? null : ISO_MILLIS.format(instant);
    }
}
