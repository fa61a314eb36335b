package dev.keyplane.api;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The management API's per-credential limit: headers on every response, 429 past it, the data plane exempt. */
@QuarkusTest
@TestProfile(ApiRateLimitTest.Tight.class)
class ApiRateLimitTest extends ApiTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keyplane.api.requests-per-minute", "8");
        }
    }

    @Test
    void everyManagementResponseSaysWhereTheCallerStandsAndThe9thRequestInAMinuteIs429() {
        String key = createAdminKey("limited", "owner"); // a fresh credential, a fresh allowance
        int lastRemaining = Integer.MAX_VALUE;
        for (int i = 1; i <= 8; i++) {
            Response ok = as(key).get(PROJECTS);
            ok.then().statusCode(200).header("RateLimit-Limit", "8");
            int remaining = Integer.parseInt(ok.header("RateLimit-Remaining"));
            assertTrue(remaining < lastRemaining, "remaining goes down: " + remaining);
            lastRemaining = remaining;
            assertTrue(Integer.parseInt(ok.header("RateLimit-Reset")) <= 60);
        }
        assertEquals(0, lastRemaining);
        Response limited = as(key).get(PROJECTS);
        limited.then().statusCode(429)
                .header("Retry-After", notNullValue())
                .header("RateLimit-Remaining", "0")
                .body("error.type", equalTo("rate_limit_error"))
                .body("error.code", equalTo("rate_limit_exceeded"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        // in a seed dialect, the 429 comes in that dialect's envelope
        as(key).get("/projects").then().statusCode(429).body("error.code", equalTo("rate_limit_exceeded"));
        // another credential has its own allowance
        asOwner().get(PROJECTS).then().statusCode(200);
    }

    @Test
    void theDataPlaneIsNotLimitedByIt() {
        String key = createAdminKey("verifier", "owner");
        String unknown = KeyFormat.generate(KeyKind.PROJECT).raw();
        for (int i = 0; i < 20; i++) {
            Response verified = as(key).body(Map.of("key", unknown)).post("/v1/keys/verify");
            verified.then().statusCode(200).body("code", equalTo("NOT_FOUND"));
            assertEquals(null, verified.header("RateLimit-Limit"));
        }
    }

    @Test
    void requestsWithoutAKeyAreLimitedByAddressAndStillAnswered401() {
        Response first = RestAssured.given().get(PROJECTS);
        first.then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(401), equalTo(429))).header("RateLimit-Limit", "8");
    }
}
