package dev.keyplane.api.dataplane;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.Header;
import io.restassured.specification.RequestSpecification;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DataPlaneRoutes answers cached verifiers' verify requests and plain forward-auth checks before Quarkus REST;
 * DataPlaneResource answers the rest. The two must never be told apart from outside: the same request gets the same
 * status, headers and body either way. And the routes must really answer (were they to step aside for every
 * request, nothing would fail but the benchmark).
 */
@QuarkusTest
class DataPlaneRoutesTest extends ApiTest {

    private static final String VERIFY = "/v1/keys/verify";
    private static final String CHECK = "/v1/auth/check";
    /** An Accept header that needs negotiating: the route leaves such requests to Quarkus REST. */
    private static final String NEGOTIATED = "application/json, text/plain;q=0.5";

    @Test
    void cachedVerifiersAreAnsweredByTheRoute() {
        as(ownerKey).body(Map.of("key", ownerKey)).post(VERIFY).then().statusCode(200); // the verifier is cached now
        long before = DataPlaneRoutes.ANSWERED.sum();
        as(ownerKey).body(Map.of("key", ownerKey)).post(VERIFY).then().statusCode(200).body("code", equalTo("VALID"))
                .contentType("application/json");
        assertEquals(before + 1, DataPlaneRoutes.ANSWERED.sum(), "a cached verifier's request took the route");

        // what the route leaves to Quarkus REST: negotiation, a query string, another content type, no declared length
        as(ownerKey).accept(NEGOTIATED).body(Map.of("key", ownerKey)).post(VERIFY).then().statusCode(200);
        assertError(as(ownerKey).queryParam("key", "x").body(Map.of("key", ownerKey)).post(VERIFY), 400, "invalid_value", "key");
        as(ownerKey).contentType("text/plain").body("{\"key\":\"x\"}").post(VERIFY).then().statusCode(415)
                .body("error.code", equalTo("unsupported_media_type"));
        assertEquals(before + 1, DataPlaneRoutes.ANSWERED.sum(), "negotiation, query strings and other bodies went on to Quarkus REST");

        // an unknown verifier key is authenticated (and refused) by Quarkus REST
        assertError(as("sk-admin-not-a-key").body(Map.of("key", ownerKey)).post(VERIFY), 401, "invalid_api_key", null);
        assertEquals(before + 1, DataPlaneRoutes.ANSWERED.sum());
    }

    @Test
    void bothPathsGiveTheSameAnswers() {
        String projectId = createProject("route");
        String member = serviceAccountKey(projectId, "member");
        List<String> bodies = List.of(
                "{\"key\":\"" + member + "\"}",
                "{\"key\":\"" + member + "\",\"permissions\":[\"projects.read\"],\"resource\":\"/x\",\"cost\":2}",
                "{\"key\":\"" + member + "\",\"permissions\":[\"organization.owner\"]}",
                "{\"key\":\"sk-proj-unknown\"}",
                "{}",
                "",
                "null",
                "not json",
                "[1]",
                "{\"key\":\"x\",\"cost\":0}",
                "{\"key\":\"x\",\"cost\":\"lots\"}",
                "{\"key\":\"x\",\"permissions\":\"all\"}",
                "{\"key\":\"x\",\"extra\":1}",
                "{\"key\":\"x\",\"key\":\"y\"}",
                "{\"key\":\"a\\u0000b\"}",
                "{\"key\":\"" + "k".repeat(513) + "\"}",
                "{\"key\":\"x\",\"client_certificate_fingerprint\":\"zz\"}");
        String reader = createAdminKey("route-reader", "reader");
        for (String verifier : List.of(ownerKey, reader)) {
            as(verifier).body("{\"key\":\"x\"}").post(VERIFY); // cache the verifier
            for (String body : bodies) {
                long before = DataPlaneRoutes.ANSWERED.sum();
                Response viaRoute = as(verifier).body(body).post(VERIFY);
                assertEquals(before + 1, DataPlaneRoutes.ANSWERED.sum(), "the route answered " + body);
                Response viaRest = as(verifier).accept(NEGOTIATED).body(body).post(VERIFY);
                assertEquals(before + 1, DataPlaneRoutes.ANSWERED.sum(), "Quarkus REST answered " + body);
                assertEquals(viaRest.statusCode(), viaRoute.statusCode(), body);
                assertEquals(viaRest.contentType(), viaRoute.contentType(), body);
                assertEquals(viaRest.jsonPath().getMap("$"), viaRoute.jsonPath().getMap("$"), body);
            }
        }
    }

    @Test
    void forwardAuthIsAnsweredByTheRouteAsByQuarkusRest() {
        String projectId = createProject("route-edge");
        asOwner().body(Map.of("model", "/limited", "max_requests_per_1_minute", 1, "max_tokens_per_1_minute", 1000))
                .post(PROJECTS + "/" + projectId + "/rate_limits").then().statusCode(200);
        String key = serviceAccountKey(projectId, "member");
        RestAssured.given().header("X-API-Key", key).header("X-Forwarded-Uri", "/limited").get(CHECK).then().statusCode(200);

        List<Supplier<RequestSpecification>> requests = List.of(
                () -> RestAssured.given().header("Authorization", "Bearer " + key).header("X-Forwarded-Uri", "/v1/models?x=1"),
                () -> RestAssured.given().header("X-API-Key", key).header("X-Original-URI", "/v1/chat"),
                () -> RestAssured.given().header("X-API-Key", key),
                () -> RestAssured.given().header("X-API-Key", key).header("X-Forwarded-Uri", "/limited"), // 429: the one request is used
                () -> RestAssured.given(),
                () -> RestAssured.given().header("Authorization", "Bearer nope"),
                () -> RestAssured.given().header("Authorization", "Basic eDp5"),
                () -> RestAssured.given().header("X-API-Key", ownerKey));
        for (int i = 0; i < requests.size(); i++) {
            long before = DataPlaneRoutes.ANSWERED.sum();
            Response viaRoute = requests.get(i).get().get(CHECK);
            assertEquals(before + 1, DataPlaneRoutes.ANSWERED.sum(), "the route answered request " + i);
            Response viaRest = requests.get(i).get().accept(NEGOTIATED).get(CHECK);
            assertEquals(before + 1, DataPlaneRoutes.ANSWERED.sum(), "Quarkus REST answered request " + i);
            assertEquals(viaRest.statusCode(), viaRoute.statusCode(), "request " + i);
            assertEquals(headers(viaRest), headers(viaRoute), "request " + i);
            Map<String, Object> expected = viaRest.jsonPath().getMap("$");
            Map<String, Object> actual = viaRoute.jsonPath().getMap("$");
            if (viaRoute.statusCode() == 429) { // "retry in Ns": the two requests may straddle a second
                assertError(viaRoute, 429, "rate_limit_exceeded", null);
                ((Map<String, Object>) expected.get("error")).remove("message");
                ((Map<String, Object>) actual.get("error")).remove("message");
            }
            assertEquals(expected, actual, "request " + i);
        }
    }

    /** The headers a gateway reads, without those that differ between two requests a moment apart. */
    private static Map<String, String> headers(Response response) {
        Set<String> moving = Set.of("date", "retry-after", "x-ratelimit-reset-requests", "content-length");
        Map<String, String> kept = new TreeMap<>();
        for (Header header : response.headers()) {
            if (!moving.contains(header.getName().toLowerCase())) {
                kept.put(header.getName().toLowerCase(), header.getValue());
            }
        }
        return kept;
    }
}
