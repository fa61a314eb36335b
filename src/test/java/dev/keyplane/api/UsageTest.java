package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Verification usage: the daily counts by outcome and resource match the verifications made. */
@QuarkusTest
class UsageTest extends ApiTest {

    private Response verify(String key, String resource) {
        Map<String, Object> body = new HashMap<>();
        body.put("key", key);
        if (resource != null) {
            body.put("resource", resource);
        }
        return asOwner().body(body).post("/v1/keys/verify");
    }

    /** Polls until the write-behind flush (1 s in tests) has written {@code total} verifications for today. */
    private Response awaitTotal(String url, long total) throws InterruptedException {
        Response last = null;
        for (int i = 0; i < 100; i++) {
            last = asOwner().get(url);
            last.then().statusCode(200);
            List<Integer> totals = last.path("data[-1].results.total");
            if (totals.stream().mapToLong(Integer::longValue).sum() == total) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " never reached " + total + ": " + last.asString());
    }

    @Test
    void countsMatchTheVerificationsMade() throws Exception {
        String project = createProject("used");
        String base = PROJECTS + "/" + project;
        Response account = asOwner().body(Map.of("name", "bot")).post(base + "/service_accounts");
        String key = account.path("api_key.value");
        String keyId = account.path("api_key.id");
        asOwner().body(Map.of("model", "tight", "max_requests_per_1_minute", 1, "max_tokens_per_1_minute", 1))
                .post(base + "/rate_limits").then().statusCode(200);
        Response other = asOwner().body(Map.of("name", "other")).post(base + "/service_accounts");

        for (int i = 0; i < 3; i++) {
            verify(key, "gpt").then().body("code", equalTo("VALID"));
        }
        verify(key, null).then().body("code", equalTo("VALID"));
        verify(key, null).then().body("code", equalTo("VALID"));
        verify(key, "tight").then().body("code", equalTo("VALID"));
        verify(key, "tight").then().body("code", equalTo("RATE_LIMITED"));
        RestAssuredCheck.check(key, "gpt");
        verify(other.path("api_key.value"), "gpt").then().body("code", equalTo("VALID"));
        verify("sk-proj-unknown", "gpt").then().body("code", equalTo("NOT_FOUND")); // nobody to count it for

        Response project7 = awaitTotal(base + "/usage", 9);
        project7.then().body("object", equalTo("page")).body("data", hasSize(7)).body("has_more", equalTo(false))
                .body("data[-1].object", equalTo("bucket"))
                .body("data[-1].results", hasSize(1))
                .body("data[-1].results[0].object", equalTo("organization.usage.verifications.result"))
                .body("data[-1].results[0].resource", nullValue())
                .body("data[-1].results[0].outcomes.VALID", equalTo(8))
                .body("data[-1].results[0].outcomes.RATE_LIMITED", equalTo(1))
                .body("data[-1].results[0].total", equalTo(9))
                .body("data[0].results", hasSize(0));
        long today = Instant.now().getEpochSecond() / 86_400 * 86_400;
        assertEquals(today, ((Number) project7.path("data[-1].start_time")).longValue());
        assertEquals(today + 86_400, ((Number) project7.path("data[-1].end_time")).longValue());

        Response byResource = asOwner().queryParam("group_by", "resource").get(base + "/api_keys/" + keyId + "/usage");
        byResource.then().statusCode(200).body("data[-1].results", hasSize(3))
                .body("data[-1].results.find { it.resource == '*' }.outcomes.VALID", equalTo(2))
                .body("data[-1].results.find { it.resource == 'gpt' }.outcomes.VALID", equalTo(4))
                .body("data[-1].results.find { it.resource == 'tight' }.outcomes.VALID", equalTo(1))
                .body("data[-1].results.find { it.resource == 'tight' }.outcomes.RATE_LIMITED", equalTo(1))
                .body("data[-1].results.find { it.resource == 'tight' }.total", equalTo(2));
        asOwner().queryParam("start", today).queryParam("end", today + 86_400).get(base + "/api_keys/" + other.path("api_key.id") + "/usage")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].results[0].total", equalTo(1));
    }

    @Test
    void badQueries() {
        String project = createProject("q");
        String base = PROJECTS + "/" + project;
        long now = Instant.now().getEpochSecond();
        assertError(asOwner().queryParam("start", now).queryParam("end", now - 86_400 * 2).get(base + "/usage"), 400, "invalid_value", "start");
        assertError(asOwner().queryParam("start", now - 86_400 * 100).get(base + "/usage"), 400, "invalid_value", "start");
        assertError(asOwner().queryParam("start", "yesterday").get(base + "/usage"), 400, "invalid_value", "start");
        assertError(asOwner().queryParam("group_by", "model").get(base + "/usage"), 400, "invalid_value", "group_by");
        assertError(asOwner().get(base + "/api_keys/key_00000000000000000000000000/usage"), 404, "not_found", null);
        assertError(asOwner().get(PROJECTS + "/proj_00000000000000000000000000/usage"), 404, "not_found", null);
    }

    /** Forward-auth counts too. */
    static final class RestAssuredCheck {
        static void check(String key, String resource) {
            io.restassured.RestAssured.given().header("Authorization", "Bearer " + key).queryParam("resource", resource)
                    .get("/v1/auth/check").then().statusCode(200);
        }
    }
}
