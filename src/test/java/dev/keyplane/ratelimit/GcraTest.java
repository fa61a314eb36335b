package dev.keyplane.ratelimit;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GCRA arithmetic: bursts up to the limit, smooth refill, no double burst around a boundary. */
class GcraTest {

    private static final long SECOND = 1_000_000_000L;

    private static Object window() throws Exception {
        Class<?> type = Class.forName("dev.keyplane.ratelimit.RateLimiter$Window");
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    private static RateLimiter.Decision decide(Object window, RateLimiter.Spec spec, long cost, long now) throws Exception {
        var method = RateLimiter.class.getDeclaredMethod("decide", window.getClass(), RateLimiter.Spec.class, long.class, long.class);
        method.setAccessible(true);
        return (RateLimiter.Decision) method.invoke(null, window, spec, cost, now);
    }

    @Test
    void burstThenOnePerIntervalAndNoDoubleBurst() throws Exception {
        Object w = window();
        RateLimiter.Spec spec = new RateLimiter.Spec(60, 1_000_000, null);
        long start = 1_000 * SECOND;
        for (int i = 0; i < 60; i++) {
            RateLimiter.Decision d = decide(w, spec, 1, start);
            assertTrue(d.allowed(), "request " + (i + 1) + " of the burst");
            assertEquals(59 - i, d.remaining());
        }
        RateLimiter.Decision rejected = decide(w, spec, 1, start);
        assertFalse(rejected.allowed());
        assertEquals(1, rejected.retryAfterSeconds());
        // one request per second refills; a whole minute later the full burst is back, not two bursts
        assertTrue(decide(w, spec, 1, start + SECOND).allowed());
        assertFalse(decide(w, spec, 1, start + SECOND).allowed());
        int allowedAfterAMinute = 0;
        for (int i = 0; i < 200; i++) {
            if (decide(w, spec, 1, start + 61 * SECOND).allowed()) {
                allowedAfterAMinute++;
            }
        }
        assertEquals(60, allowedAfterAMinute);
    }

    @Test
    void tokensAndDailyLimitsAllApply() throws Exception {
        Object w = window();
        RateLimiter.Spec spec = new RateLimiter.Spec(1000, 100, 3);
        long now = 5_000 * SECOND;
        assertTrue(decide(w, spec, 60, now).allowed());
        assertFalse(decide(w, spec, 50, now).allowed(), "60 + 50 tokens exceed 100 per minute");
        assertTrue(decide(w, spec, 40, now).allowed(), "a rejected request consumed nothing");
        assertTrue(decide(w, spec, 1, now + 60 * SECOND).allowed());
        assertFalse(decide(w, spec, 1, now + 120 * SECOND).allowed(), "three requests per day");
        assertFalse(decide(w, spec, 101, now + 3600 * SECOND).allowed(), "a cost above the limit never fits");
        assertFalse(decide(w, new RateLimiter.Spec(0, 100, null), 1, now).allowed(), "a zero limit blocks");
    }
}
