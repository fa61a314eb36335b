package dev.keyplane.api;

import dev.keyplane.secrets.BlockingSecretHasher;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every path that mints a secret hashes it before any transaction opens or any connection is taken: with a pool of one
 * connection and a mint held in the middle of its hash, a cheap read (a project, on the same single connection) still
 * completes. Each mint is sent with an Idempotency-Key, whose transaction is the one that used to open first; the rolls
 * also show that a change published to other replicas waits for the commit (it takes the one connection after it).
 */
@QuarkusTest
@TestProfile(PoolOfOneTest.OneConnection.class)
class PoolOfOneTest extends ApiTest {

    public static class OneConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "1");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(BlockingSecretHasher.class);
        }
    }

    private String readProjectId;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void releaseAnyHeldHash() {
        BlockingSecretHasher.release();
    }

    private HttpRequest request(String method, String path, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + key)
                .header("Idempotency-Key", UUID.randomUUID().toString());
        return (body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))).build();
    }

    @Test
    void aCheapReadCompletesWhileEachKindOfMintIsHashing() throws Exception {
        String projectId = createProject("one-connection");
        readProjectId = projectId;
        String member = addUser("member@example.com", "reader");
        addToProject(projectId, member, "member");

        Map<String, HttpRequest> mints = new LinkedHashMap<>();
        mints.put("admin key", request("POST", ADMIN_KEYS, ownerKey, "{\"name\":\"held\"}"));
        mints.put("project key", request("POST", PROJECTS + "/" + projectId + "/api_keys", ownerKey,
                "{\"user_id\":\"" + member + "\",\"name\":\"held\"}"));
        mints.put("service account with its key", request("POST", PROJECTS + "/" + projectId + "/service_accounts", ownerKey,
                "{\"name\":\"held\"}"));
        mints.put("seed 000 project", request("POST", "/machine/projects", ownerKey, "{\"name\":\"held-000\"}"));
        mints.put("seed 002 project", request("POST", "/projects", ownerKey, "{\"name\":\"held-002\"}"));
        mints.put("seed 002 key", request("POST", "/projects/" + projectId + "/api-keys", ownerKey, "{\"name\":\"held\"}"));
        mints.put("operator organization", request("POST", ORGANIZATIONS, systemKey(), "{\"name\":\"held\"}"));

        Map<String, String> made = new java.util.HashMap<>();
        hashWhileReading(mints, made);

        // rolls of what was just minted: each hashes its successor first, and publishes the old key's invalidation
        // (a second use of the pool) only after its transaction, the Idempotency-Key's included, has committed
        Map<String, HttpRequest> rolls = new LinkedHashMap<>();
        rolls.put("admin key roll", request("POST", ADMIN_KEYS + "/" + JsonPath.from(made.get("admin key")).getString("id") + "/roll",
                ownerKey, "{}"));
        rolls.put("project key roll", request("POST", PROJECTS + "/" + projectId + "/api_keys/"
                + JsonPath.from(made.get("project key")).getString("id") + "/roll", ownerKey, "{}"));
        rolls.put("seed 002 key roll", request("POST", "/api-keys/" + JsonPath.from(made.get("seed 002 key")).getString("key.id") + "/roll",
                ownerKey, "{}"));
        hashWhileReading(rolls, made);
    }

    private void hashWhileReading(Map<String, HttpRequest> mints, Map<String, String> made) throws Exception {
        HttpRequest cheapRead = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + PROJECTS + "/" + readProjectId))
                .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + ownerKey).GET().build();
        for (Map.Entry<String, HttpRequest> mint : mints.entrySet()) {
            BlockingSecretHasher.arm();
            CompletableFuture<HttpResponse<String>> minting = client.sendAsync(mint.getValue(), HttpResponse.BodyHandlers.ofString());
            assertTrue(BlockingSecretHasher.started.await(15, TimeUnit.SECONDS), mint.getKey() + ": the mint never started hashing");
            // the mint is now in the middle of its hash; a read on the only connection must not wait for it
            HttpResponse<String> read = client.send(cheapRead, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode(), mint.getKey() + ": the read while hashing answered " + read.body());
            BlockingSecretHasher.release();
            HttpResponse<String> minted;
            try {
                minted = minting.get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError(mint.getKey() + ": the mint did not complete after its hash was released", e);
            }
            assertTrue(List.of(200, 201).contains(minted.statusCode()), mint.getKey() + ": " + minted.statusCode() + " " + minted.body());
            made.put(mint.getKey(), minted.body());
        }
    }
}
