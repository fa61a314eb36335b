package dev.keyplane.api;

import dev.keyplane.secrets.TestKeys;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of wrong secrets is bounded: with one Argon2 thread and one waiting slot, the verifications
 * past the bound get a fast 503 envelope, and keys already verified keep answering from the cache.
 */
@QuarkusTest
@TestProfile(VerificationFloodTest.OneSlowHasher.class)
class VerificationFloodTest extends ApiTest {

    public static class OneSlowHasher implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // ~10x the production cost, so that a dozen hashes take seconds and overlap for sure
            return Map.of("keyplane.argon2.max-concurrency", "1", "keyplane.argon2.max-queued", "1",
                    "keyplane.argon2.iterations", "20");
        }
    }

    @Test
    void wrongSecretsPastTheBoundGetAFast503WhileCachedKeysAnswer() throws Exception {
        String projectId = createProject("flooded");
        String good = serviceAccountKey(projectId, "member");
        verify(good).then().statusCode(200).body("code", equalTo("VALID")); // now cached
        String neverPresented = serviceAccountKey(projectId, "member");

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // a real lookup id that is not cached: each one costs a full Argon2 verification
            String forged = TestKeys.withOtherSecret(neverPresented);
            flood.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/keys/verify"))
                    .header("Authorization", "Bearer " + ownerKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + forged + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        // while the flood is being hashed, the cached key is answered without waiting for it
        verify(good).then().statusCode(200).body("code", equalTo("VALID"));

        int notFound = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> f : flood) {
            HttpResponse<String> response = f.get();
            if (response.statusCode() == 200) {
                assertTrue(response.body().contains("\"code\":\"NOT_FOUND\""), response.body());
                notFound++;
            } else {
                assertEquals(503, response.statusCode(), response.body());
                assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
                assertTrue(response.body().contains("\"type\":\"server_error\"") && response.body().contains("\"code\":\"overloaded\""),
                        response.body());
                refused++;
            }
        }
        assertEquals(12, notFound + refused);
        assertTrue(notFound >= 1 && refused >= 1, "admitted " + notFound + ", refused " + refused);
    }

    private io.restassured.response.Response verify(String key) {
        return as(ownerKey).body(Map.of("key", key)).post("/v1/keys/verify");
    }
}
