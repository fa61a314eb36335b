package dev.keyplane.ratelimit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica's lease of requests from the shared server: spent here while it lasts, grown while it is used up,
 * shrunk to what was spent when it expires unspent, and a refusal remembered until its retry-after.
 */
class LeaseTest {

    private static final long TTL = 1_000_000_000L;

    @Test
    void growsWhileUsedUpAndShrinksWhenItExpiresUnspent() {
        SharedWindows.Lease lease = new SharedWindows.Lease();
        long now = 5 * TTL;
        assertNull(lease.spend(1, now), "nothing leased yet: ask the server");
        assertEquals(1, lease.nextSize(64, now), "a first lease is one request: a small limit stays exact");
        RateLimiter.Decision first = lease.granted(1, 1, 6000, 5999, 1, now + TTL, now);
        assertTrue(first.allowed());
        assertEquals(5999, first.remaining());
        assertNull(lease.spend(1, now), "used up");

        assertEquals(2, lease.nextSize(64, now));
        assertEquals(5998 + 1, lease.granted(2, 1, 6000, 5998, 1, now + TTL, now).remaining(), "the server's count plus what is leased here");
        RateLimiter.Decision fromLease = lease.spend(1, now + 1);
        assertTrue(fromLease.allowed());
        assertEquals(5998, fromLease.remaining());
        assertNull(lease.spend(1, now + 2));
        assertEquals(4, lease.nextSize(64, now + 2));
        assertEquals(4, lease.nextSize(4, now + 2), "never past the cap (the lease share of the limit)");
        assertEquals(3, lease.nextSize(3, now + 2));

        lease.granted(3, 1, 6000, 5990, 1, now + 2 + TTL, now + 2); // one admitted, two leased
        assertTrue(lease.spend(1, now + 3).allowed());
        assertNull(lease.spend(1, now + 3 + TTL), "an expired lease is not spent: an admission is never later than that");
        assertEquals(2, lease.nextSize(64, now + 3 + TTL), "shrunk to what was spent in the lease's life");
        RateLimiter.Decision renewed = lease.granted(2, 1, 6000, 5980, 1, now + 4 + 2 * TTL, now + 4 + TTL);
        assertEquals(5981, renewed.remaining(), "the expired remainder was dropped, not carried over");
    }

    @Test
    void tokensBoundALeaseToo() {
        SharedWindows.Lease lease = new SharedWindows.Lease();
        lease.granted(4, 10, 100, 90, 1, TTL, 0); // three requests of 10 tokens left here
        assertTrue(lease.spend(10, 1).allowed());
        assertNull(lease.spend(25, 2), "costs more tokens than leased: the server decides");
        assertTrue(lease.spend(10, 3).allowed());
    }

    @Test
    void aRefusalIsRememberedUntilItsRetryAfterForRequestsCostingAsMuch() {
        SharedWindows.Lease lease = new SharedWindows.Lease();
        RateLimiter.Decision refused = lease.refused(5, 100, 0, 30, 2, 1_500_000_000L, 0);
        assertFalse(refused.allowed());
        assertEquals(2, refused.retryAfterSeconds());
        RateLimiter.Decision again = lease.spend(5, 600_000_000L);
        assertFalse(again.allowed(), "refused here, without a round trip");
        assertEquals(0, again.remaining());
        assertEquals(1, again.retryAfterSeconds(), "counting down to the server's retry-after");
        assertNull(lease.spend(2, 600_000_000L), "a cheaper request may fit: the server decides");
        assertNull(lease.spend(5, 1_500_000_000L), "past the retry-after the server decides again");
    }

    @Test
    void aRefusalRacingAnotherRequestsLeaseSpendsThatLease() {
        SharedWindows.Lease lease = new SharedWindows.Lease();
        lease.granted(3, 1, 100, 0, 1, TTL, 0); // the server's last three requests, leased by a concurrent request
        assertTrue(lease.refused(1, 100, 0, 1, 1, 500_000_000L, 1).allowed(), "leased requests are admitted, not lost");
        assertTrue(lease.spend(1, 2).allowed());
        assertNull(lease.spend(1, 3));
    }
}
