package dev.keyplane.observability;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /q/metrics, the health checks and trace ids in the logs, against the running application. */
@QuarkusTest
class ObservabilityTest extends ApiTest {

    private static final String VERIFY = "/v1/keys/verify";

    private static String metrics() {
        return RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one sample, 0 when absent; {@code series} is the name with its labels, as Prometheus prints them. */
    private static double sample(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    @Test
    void verificationsAreCountedByOutcomeWithTheirLatencyAndTheCacheStatistics() {
        String projectId = createProject("metrics");
        String key = serviceAccountKey(projectId, "member");
        String valid = "keyplane_verifications_total{endpoint=\"verify\",outcome=\"VALID\"}";
        String notFound = "keyplane_verifications_total{endpoint=\"verify\",outcome=\"NOT_FOUND\"}";
        String hits = "keyplane_verify_duration_seconds_count{cache=\"hit\",endpoint=\"verify\"}";
        String before = metrics();

        as(ownerKey).body(Map.of("key", key)).post(VERIFY).then().statusCode(200).body("code", equalTo("VALID")); // miss, then cached
        as(ownerKey).body(Map.of("key", key)).post(VERIFY).then().statusCode(200).body("code", equalTo("VALID"));
        as(ownerKey).body(Map.of("key", KeyFormat.generate(KeyKind.PROJECT).raw())).post(VERIFY)
                .then().statusCode(200).body("code", equalTo("NOT_FOUND"));

        String after = metrics();
        assertEquals(2, sample(after, valid) - sample(before, valid), after);
        assertEquals(1, sample(after, notFound) - sample(before, notFound));
        assertTrue(sample(after, hits) - sample(before, hits) >= 1, "the second verification was a cache hit");
        assertTrue(after.contains("keyplane_verify_duration_seconds_bucket{cache=\"hit\",endpoint=\"verify\",le="), "a latency histogram");
        // Caffeine's own statistics of the verified-key cache
        assertTrue(sample(after, "cache_gets_total{cache=\"verified_keys\",result=\"hit\"}") >= 1, after);
        assertTrue(after.contains("cache_size{cache=\"verified_keys\"}"));
        assertTrue(after.contains("cache_evictions_total{cache=\"verified_keys\"}"));
        // the Argon2 queue, the invalidation channel, webhook deliveries, rate limits: present from the start
        assertTrue(after.contains("keyplane_argon2_in_flight "));
        assertTrue(sample(after, "keyplane_argon2_capacity") > 0);
        assertTrue(after.contains("keyplane_argon2_refusals_total "));
        assertEquals(1, sample(after, "keyplane_invalidation_connected"));
        assertTrue(after.contains("keyplane_invalidation_lag_seconds "));
        assertTrue(after.contains("keyplane_webhook_deliveries_total{outcome=\"succeeded\"}"));
        assertTrue(after.contains("keyplane_ratelimit_decisions_total{decision=\"limited\"}"));
        // the reactive PostgreSQL pool, through Vert.x's pool metrics
        assertTrue(after.contains("pool_type=\"sql\""), "database pool metrics");
    }

    @Test
    void httpMetricsUseRouteTemplatesAndNoIdIsALabel() {
        String projectId = createProject("templated");
        asOwner().get(PROJECTS + "/" + projectId).then().statusCode(200);
        asOwner().get("/v1/organization/projects/proj_doesnotexist00000000000").then().statusCode(404);
        // refused before a resource was chosen: no route template, only the raw path, whose ids must go
        asOwner().contentType("text/plain").body("x").post(PROJECTS + "/" + projectId).then().statusCode(415);
        asOwner().put(PROJECTS + "/" + projectId).then().statusCode(405);
        String metrics = metrics();
        assertTrue(metrics.contains("uri=\"/v1/organization/projects/{project_id}\""), "route templates, not raw paths");
        // no tenant, project, key or user id anywhere in the labels: the series count stays bounded
        Matcher ids = Pattern.compile("\\b(org|proj|user|key|svc_acct|sk)[-_][A-Za-z0-9]{8,}").matcher(metrics);
        Set<String> found = new HashSet<>();
        while (ids.find()) {
            found.add(ids.group());
        }
        assertTrue(found.isEmpty(), "ids in metric labels: " + found);
        assertFalse(metrics.contains(projectId));
    }

    @Test
    void readinessIncludesTheDatabaseAndTheInvalidationChannelAndLivenessNeither() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("invalidation-channel"))
                .body("checks.find { it.name == 'invalidation-channel' }.data.connected", equalTo(true))
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"));
        RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.not(hasItem("invalidation-channel")));
    }

    @jakarta.inject.Inject
    io.opentelemetry.sdk.trace.samplers.Sampler sampler;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.otel.sdk.disabled")
    boolean sdkDisabled;

    @Test
    void withoutAnOtlpEndpointNothingIsRecordedOrExported() {
        // Quarkus's default endpoint (localhost:4317) is not a configured one: no span may be recorded for it,
        // and the SDK (whose HTTP instrumentation would cost every request) is off (TracingDefault)
        assertEquals("AlwaysOffSampler", sampler.getDescription());
        assertFalse(TraceSampling.exporterConfigured());
        assertTrue(sdkDisabled);
    }

    @Test
    void aRequestWithoutATraceparentGetsANewTraceIdInItsLogLine() throws Exception {
        String marker = "/v1/organization/projects/proj_tracemarker" + System.nanoTime();
        asOwner().get(marker).then().statusCode(404);
        Path log = Path.of("target", "keyplane-test.log");
        long deadline = System.nanoTime() + 5_000_000_000L;
        String line = null;
        while (line == null && System.nanoTime() < deadline) {
            line = Files.readAllLines(log).stream().filter(l -> l.contains(marker)).findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertTrue(line != null && Pattern.compile("\"traceId\":\"[0-9a-f]{32}\"").matcher(line).find(), "a trace id in: " + line);
    }

    @Test
    void anIncomingTraceIdIsContinuedAndLogged() throws Exception {
        String traceId = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getInstanceStrong().generateSeed(16));
        asOwner().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").get(PROJECTS).then().statusCode(200);
        Path log = Path.of("target", "keyplane-test.log");
        long deadline = System.nanoTime() + 5_000_000_000L;
        boolean logged = false;
        while (!logged && System.nanoTime() < deadline) {
            logged = Files.readString(log).contains(traceId);
            Thread.sleep(100);
        }
        assertTrue(logged, "the request's access-log line carries its trace id");
    }
}
