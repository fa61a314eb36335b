package dev.keyplane.support;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs after every other test (its own failsafe execution, see pom.xml) and reads everything the suite
 * logged: the application's log under {@code @QuarkusTest} (target/keyplane-test.log, access log included)
 * and each packaged replica's output (target/*.log, JSON lines). Not one raw key, Argon2 hash, webhook
 * secret or PEM private key may appear, although the suite mints, verifies, rolls and revokes thousands.
 */
class LoggedSecretsIT {

    @Test
    void nothingSecretWasLogged() {
        Path target = Path.of("target");
        assertTrue(Files.exists(target.resolve("keyplane-test.log")), "the @QuarkusTest suite logged to target/keyplane-test.log");
        List<LoggedSecrets.Finding> findings = LoggedSecrets.scanDirectory(target, ".log");
        findings.addAll(LoggedSecrets.scanDirectory(target.resolve("surefire-reports"), "-output.txt"));
        assertTrue(findings.isEmpty(), findings.size() + " secrets in the logs:\n" + String.join("\n",
                findings.stream().limit(20).map(LoggedSecrets.Finding::toString).toList()));
    }
}
