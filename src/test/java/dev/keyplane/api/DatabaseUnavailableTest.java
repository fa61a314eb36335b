package dev.keyplane.api;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** With PostgreSQL unreachable, requests that need it get a fast 503 with the envelope, never a 500 or a 401. */
@QuarkusTest
@TestProfile(DatabaseUnavailableTest.NoDatabase.class)
class DatabaseUnavailableTest {

    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "KEYPLANE_DB_HOST", "127.0.0.1",
                    "KEYPLANE_DB_PORT", Integer.toString(closedPort()),
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "none",
                    "keyplane.bootstrap.enabled", "false");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort(); // free now, and nothing listens on it afterwards
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void authenticatedRequestsGet503() {
        String key = KeyFormat.generate(KeyKind.ADMIN).raw();
        RestAssured.given().header("Authorization", "Bearer " + key).get("/v1/organization/projects")
                .then().statusCode(503)
                .header("Retry-After", notNullValue())
                .body("error.type", equalTo("server_error"))
                .body("error.code", equalTo("database_unavailable"))
                .body("error.param", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void eachSeedDialectAnswers503InItsOwnEnvelope() {
        String key = KeyFormat.generate(KeyKind.PROJECT).raw();
        Map<String, String> codes = Map.of("/machine/projects", "database_unavailable", "/projects", "database_unavailable",
                "/api/v1/machine/project/proj_01m8ahn7bs1ty0vfthce0h3byr", "service_unavailable");
        codes.forEach((path, code) -> RestAssured.given().header("X-API-Key", key).get(path)
                .then().statusCode(503)
                .header("Retry-After", notNullValue())
                .body("size()", equalTo(1))
                .body("error.size()", equalTo(2))
                .body("error.code", equalTo(code))
                .body("error.message", notNullValue()));
    }

    @Test
    void requestsThatNeedNoDatabaseStillAnswer() {
        RestAssured.given().get("/v1/organization/projects").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void notReadyWhileTheDatabaseAndTheInvalidationChannelAreDown() {
        RestAssured.given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'invalidation-channel' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'invalidation-channel' }.data.connected", equalTo(false))
                .body("checks.find { it.name == 'database' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'database' }.data.reachable", equalTo(false));
        // no host, no port, no driver message in the answer
        String body = RestAssured.given().get("/q/health/ready").then().extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("127.0.0.1") || body.contains("refused") || body.contains(":" + org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("KEYPLANE_DB_PORT", String.class)), body);
    }
}
