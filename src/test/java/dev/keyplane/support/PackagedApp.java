package dev.keyplane.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application ({@code target/quarkus-app}) as a separate process against a given PostgreSQL,
 * for the integration tests that need what {@code @QuarkusTest} cannot give: several replicas, or a
 * bounded heap. Its output goes to {@code target/<name>.log}.
 */
public final class PackagedApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String baseUrl;
    private final File log;

    private PackagedApp(Process process, String baseUrl, File log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    /** Starts the application and waits until it is ready; {@code heap} is an -Xmx value such as {@code 256m}. */
    public static PackagedApp start(String name, EmbeddedPostgres postgres, String bootstrapKey, String heap) throws Exception {
        return start(name, postgres, bootstrapKey, heap, Map.of());
    }

    /** As {@link #start(String, EmbeddedPostgres, String, String)}, with more environment variables. */
    public static PackagedApp start(String name, EmbeddedPostgres postgres, String bootstrapKey, String heap,
                                    Map<String, String> settings) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "the packaged application exists: " + jar.toAbsolutePath());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        File log = new File("target", name + ".log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log);
        Map<String, String> env = builder.environment();
        env.put("KEYPLANE_DB_HOST", "localhost");
        env.put("KEYPLANE_DB_PORT", Integer.toString(postgres.getPort()));
        env.put("KEYPLANE_DB_NAME", "postgres");
        env.put("KEYPLANE_DB_USER", "postgres");
        env.put("KEYPLANE_BOOTSTRAP_ADMIN_KEY", bootstrapKey);
        env.put("KEYPLANE_BOOTSTRAP_KEY_FILE", new File("target", name + "-key").getAbsolutePath());
        env.put("KEYPLANE_ARGON2_MEMORY_KIB", "19456");
        env.put("PORT", Integer.toString(port));
        // webhooks to a loopback receiver, polled often
        env.put("KEYPLANE_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.1/32");
        env.put("KEYPLANE_WEBHOOKS_POLL_INTERVAL", "0.2s");
        env.put("KEYPLANE_API_REQUESTS_PER_MINUTE", "1000000"); // the suite is not what the management limit is for
        env.putAll(settings);
        PackagedApp app = new PackagedApp(builder.start(), "http://localhost:" + port, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && app.process.isAlive()) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return app;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        app.close();
        throw new AssertionError(name + " did not start; see " + log);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public File log() {
        return log;
    }

    /** Kills the process at once (SIGKILL): no shutdown hooks, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
