package dev.keyplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL drops every connection of the running application (pg_terminate_backend), several times, while
 * reads and creates are in flight: each answer is a success or a 503 database_unavailable with Retry-After in
 * the envelope, never a 500 and never a 4xx, and the application recovers on its own.
 */
@QuarkusTest
class DatabaseLossTest extends ApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Connection database() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + ownerKey).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void droppedConnectionsAnswer503AndTheAppRecovers() throws Exception {
        String projectId = createProject("survivor");
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(6);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            boolean creator = w % 2 == 0;
            workers.add(load.submit(() -> {
                int i = 0;
                while (!stop.get()) {
                    HttpResponse<String> r = creator
                            ? send("POST", PROJECTS, "{\"name\":\"during loss " + (i++) + "\"}")
                            : send("GET", PROJECTS + "/" + projectId, null);
                    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    if (r.statusCode() == 503) {
                        JsonNode error = JSON.readTree(r.body()).path("error");
                        if (!"database_unavailable".equals(error.path("code").asText()) || r.headers().firstValue("Retry-After").isEmpty()) {
                            wrong.add(r.statusCode() + " " + r.body());
                        }
                    } else if (r.statusCode() != 200) {
                        wrong.add(r.statusCode() + " " + r.body());
                    }
                }
                return null;
            }));
        }
        Thread.sleep(500);
        try (Connection db = database(); Statement sql = db.createStatement()) {
            for (int round = 0; round < 5; round++) {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'");
                Thread.sleep(300);
            }
        }
        Thread.sleep(500);
        stop.set(true);
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        load.shutdown();
        assertTrue(wrong.isEmpty(), "answers other than 200 or 503 database_unavailable: " + wrong.subList(0, Math.min(5, wrong.size())));
        assertTrue(statuses.get(200) != null && statuses.get(200).get() > 20, "requests were served: " + statuses);

        // recovered, without a restart
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int status = 0;
        while (System.nanoTime() < deadline && (status = send("GET", PROJECTS + "/" + projectId, null).statusCode()) != 200) {
            Thread.sleep(100);
        }
        assertEquals(200, status);
        assertEquals(200, send("POST", PROJECTS, "{\"name\":\"after the loss\"}").statusCode());
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        System.out.println("[database loss] answers by status: " + statuses);
    }
}
