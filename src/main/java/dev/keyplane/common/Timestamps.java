package dev.keyplane.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Wire timestamps are Unix seconds; stored ones are microsecond instants (PostgreSQL's precision). */
public final class Timestamps {

    private Timestamps() {}

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
