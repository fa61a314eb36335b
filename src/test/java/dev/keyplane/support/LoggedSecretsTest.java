package dev.keyplane.support;

import de.mkammerer.argon2.Argon2Factory;
import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scanner behind LoggedSecretsIT finds each kind of secret, as it would be logged, and nothing else. */
class LoggedSecretsTest {

    @Test
    void everyKindOfSecretIsFound() throws Exception {
        String hash = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id).hash(1, 1024, 1, "secret".toCharArray());
        String log = String.join("\n",
                "12:00:00.000 INFO  [d.k.a.Foo] (vert.x-eventloop-thread-1) presented " + KeyFormat.generate(KeyKind.ADMIN).raw(),
                "{\"message\":\"key " + KeyFormat.generate(KeyKind.PROJECT).raw() + "\"}",
                "svc " + KeyFormat.generate(KeyKind.SERVICE_ACCOUNT).raw(),
                "stored " + hash,
                "{\"secret\":\"" + WebhookSignature.newSecret() + "\"}",
                "upload refused: -----BEGIN EC PRIVATE KEY----- block in the body",
                "a redacted key sk-proj-abc...wxyz, a key id key_0123456789abcdef, a fingerprint 3f:2a, all fine");
        List<LoggedSecrets.Finding> findings = LoggedSecrets.scan(log, Path.of("test.log"));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), findings.stream().map(LoggedSecrets.Finding::line).toList(), findings.toString());
        assertTrue(findings.stream().noneMatch(f -> f.masked().contains("sk-admin-") && f.masked().matches(".*sk-admin-[0-9A-Za-z]{16}\\..*")),
                "findings are printed masked");
    }
}
