package dev.keyplane.architecture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every wire type Jackson serializes or reads is reachable by reflection in a native image: registered by
 * Quarkus's own build steps (resource signatures, {@code @RegisterForReflection}) or by our configuration.
 * A wire type is a class of ours that describes a body in the OpenAPI document ({@code @Schema}) or a record of
 * the HTTP adapters ({@code dev.keyplane.api..}). The registrations are read from what Quarkus's native build
 * steps wrote: {@code ./mvnw package -Dnative -Dquarkus.native.sources-only=true} (.ci/run) writes
 * target/native-sources, then {@code -Dkeyplane.native-sources=target/native-sources} runs this test.
 */
@EnabledIfSystemProperty(named = "keyplane.native-sources", matches = ".+")
class NativeReflectionTest {

    /** Adapter records that hold wire types but are never serialized themselves. */
    private static final Set<String> NOT_SERIALIZED = Set.of(
            "dev.keyplane.api.ErrorRenderer$Rendered", // a status and the body that is rendered
            "dev.keyplane.api.dataplane.DataPlaneResource$CheckAnswer"); // a forward-auth status, headers and body

    @Test
    void everyWireTypeIsRegisteredForReflection() throws Exception {
        Set<String> registered = registeredForReflection(Path.of(System.getProperty("keyplane.native-sources")));
        Set<String> wireTypes = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.keyplane")) {
            boolean described = type.isAnnotatedWith(Schema.class);
            String pkg = type.getPackageName();
            boolean adapterRecord = (pkg.equals("dev.keyplane.api") || pkg.startsWith("dev.keyplane.api.")) && type.isRecord();
            if ((described || adapterRecord) && !type.isAnonymousClass() && !NOT_SERIALIZED.contains(type.getName())) {
                wireTypes.add(type.getName());
            }
        }
        assertTrue(wireTypes.size() > 50, "found the wire types: " + wireTypes.size());
        Set<String> missing = new TreeSet<>(wireTypes);
        missing.removeAll(registered);
        assertEquals(Set.of(), missing, "wire types a native image could not serialize (annotate with @RegisterForReflection)");
    }

    /** The class names in every reflect-config.json of the runner jar Quarkus wrote for native-image. */
    private static Set<String> registeredForReflection(Path nativeSources) throws Exception {
        Path runner;
        try (Stream<Path> files = Files.list(nativeSources)) {
            runner = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no runner jar in " + nativeSources));
        }
        Set<String> names = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        try (JarFile jar = new JarFile(runner.toFile())) {
            jar.stream().filter(e -> e.getName().startsWith("META-INF/native-image/") && e.getName().endsWith("reflect-config.json"))
                    .forEach(e -> {
                        try (InputStream in = jar.getInputStream(e)) {
                            for (JsonNode entry : json.readTree(in)) {
                                names.add(entry.path("name").asText(entry.path("type").asText()));
                            }
                        } catch (java.io.IOException failure) {
                            throw new java.io.UncheckedIOException(failure);
                        }
                    });
        }
        assertTrue(names.size() > 100, "read Quarkus's registrations: " + names.size());
        return names;
    }
}
