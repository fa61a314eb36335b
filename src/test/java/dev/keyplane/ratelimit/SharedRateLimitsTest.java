package dev.keyplane.ratelimit;

import dev.keyplane.support.ApiTest;
import dev.keyplane.support.RedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits counted on a real Redis server (started by the test on a free port): the decisions are the server's
 * (forgetting its state there gives the key its requests back, whatever this replica remembers), the management
 * API's limit is counted there too, and a server that goes away costs no request an error or a wait: decisions fall
 * back to per-replica counting, readiness stays UP and says so, and global counting resumes once the server is back.
 */
@QuarkusTest
@TestProfile(SharedRateLimitsTest.WithRedis.class)
class SharedRateLimitsTest extends ApiTest {

    public static class WithRedis implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisServer.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keyplane.redis.retry-after", "300ms", "keyplane.api.requests-per-minute", "100000",
                    "keyplane.redis.lease-ttl", LEASE_TTL_MILLIS + "ms", "keyplane.redis.lease-share", "0.1");
        }
    }

    private static final String VERIFY = "/v1/keys/verify";
    /** How long this replica may admit from a lease, or remember a refusal, without asking the server. */
    static final int LEASE_TTL_MILLIS = 1000;

    private Response verify(String key) {
        return as(ownerKey).body(Map.of("key", key, "resource", "/limited")).post(VERIFY);
    }

    private String limitedKey() {
        return limitedKey(3);
    }

    private String limitedKey(int perMinute) {
        String projectId = createProject("shared");
        asOwner().body(Map.of("model", "/limited", "max_requests_per_1_minute", perMinute, "max_tokens_per_1_minute", 1_000_000))
                .post(PROJECTS + "/" + projectId + "/rate_limits").then().statusCode(200);
        return serviceAccountKey(projectId, "member");
    }

    @Test
    void limitsAreDecidedOnTheSharedServer() {
        String key = limitedKey();
        for (int remaining = 2; remaining >= 0; remaining--) {
            verify(key).then().statusCode(200).body("code", equalTo("VALID")).body("ratelimit.limit", equalTo(3))
                    .body("ratelimit.remaining", equalTo(remaining));
        }
        verify(key).then().statusCode(200).body("code", equalTo("RATE_LIMITED")).body("ratelimit.remaining", equalTo(0));
        String keyId = verify(key).path("key_id");
        List<String> windows = RedisServer.current.cli("KEYS", "kp:rl:" + keyId + ":*");
        assertEquals(List.of("kp:rl:" + keyId + ":/limited"), windows);

        // another replica's view is the server's: with its state gone there, the key has its requests back (once this
        // replica no longer remembers the refusal it was given: at most a lease's life)
        RedisServer.current.cli("DEL", windows.get(0));
        sleep(LEASE_TTL_MILLIS + 50);
        verify(key).then().statusCode(200).body("code", equalTo("VALID")).body("ratelimit.remaining", equalTo(2));

        // the management API's per-credential limit is counted there too
        asOwner().get(PROJECTS).then().statusCode(200).header("RateLimit-Limit", "100000");
        assertFalse(RedisServer.current.cli("KEYS", "kp:rl:api:*").isEmpty(), "the management limit's window is on the server");
        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'rate-limits' }.data.counting", equalTo("global"));
    }

    @Test
    void aBusyKeyIsAdmittedFromLeasesAndNeverPastItsLimit() {
        String key = limitedKey(60); // a lease is at most 10 % of the limit here (lease-share): six requests
        double callsBefore = serverCalls();
        long started = System.nanoTime();
        int admitted = 0;
        int refused = 0;
        long lastRemaining = Long.MAX_VALUE;
        for (int i = 0; i < 100; i++) {
            Response response = verify(key);
            response.then().statusCode(200);
            if ("VALID".equals(response.path("code"))) {
                admitted++;
                lastRemaining = ((Number) response.path("ratelimit.remaining")).longValue();
            } else {
                assertEquals("RATE_LIMITED", response.path("code"));
                assertEquals(0, (int) response.path("ratelimit.remaining"));
                refused++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double calls = serverCalls() - callsBefore;
        System.out.printf("[redis] leases: %d admitted, %d refused in %.1f s with %.0f calls to the server%n", admitted, refused, seconds, calls);
        // GCRA admits the burst (60) and then one a second; a lease never admits what the server did not count
        assertTrue(admitted <= 60 + Math.ceil(seconds) + 1, "never past the limit: " + admitted);
        assertTrue(admitted >= 60 - 6, "at most one lease lost: " + admitted);
        assertTrue(lastRemaining <= 6, "the last admissions report the limit nearly reached: " + lastRemaining);
        assertTrue(refused > 0);
        assertTrue(calls < 100 / 2.0, "leases and remembered refusals spare round trips: " + calls + " calls");

        // a larger limit: one call to the server per lease, leases growing while they are used up in their life
        String busy = limitedKey(600_000);
        callsBefore = serverCalls();
        for (int i = 0; i < 200; i++) {
            verify(busy).then().statusCode(200).body("code", equalTo("VALID"));
        }
        calls = serverCalls() - callsBefore;
        assertTrue(calls <= 200 / 4.0, "leases of 1, 2, 4 ... requests, not one call each: " + calls + " calls for 200 admissions");
    }

    private static double serverCalls() {
        for (String line : RestAssured.given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith("keyplane_ratelimit_shared_calls_total ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        throw new AssertionError("no keyplane_ratelimit_shared_calls_total meter");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnreachableServerFallsBackAndGlobalCountingResumes() throws InterruptedException {
        String key = limitedKey();
        verify(key).then().statusCode(200).body("ratelimit.remaining", equalTo(2));
        RedisServer.current.stopServer();
        try {
            for (int i = 0; i < 5; i++) { // answered at once, counted here: 3 a minute still hold on this replica
                long started = System.nanoTime();
                verify(key).then().statusCode(200).body("code", equalTo(i < 3 ? "VALID" : "RATE_LIMITED"));
                assertTrue(System.nanoTime() - started < 2_000_000_000L, "a decision did not wait on the dead server");
            }
            asOwner().get(PROJECTS).then().statusCode(200);
            RestAssured.given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'rate-limits' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'rate-limits' }.data.counting", equalTo("per-replica: shared server unreachable"));
            String metrics = RestAssured.given().get("/q/metrics").asString();
            assertTrue(metrics.contains("keyplane_ratelimit_shared_mode 2.0"), "the mode gauge says degraded");
            assertFalse(metrics.contains("keyplane_ratelimit_shared_errors_total 0.0"), "errors are counted");
        } finally {
            RedisServer.current.startServer();
        }
        // back without a restart: the server's (empty) state decides again
        String counting = "";
        for (int i = 0; i < 50 && !counting.equals("global"); i++) {
            Thread.sleep(100);
            counting = RestAssured.given().get("/q/health/ready").path("checks.find { it.name == 'rate-limits' }.data.counting");
        }
        assertEquals("global", counting);
        verify(key).then().statusCode(200).body("code", equalTo("VALID")).body("ratelimit.remaining", equalTo(2));
    }
}
