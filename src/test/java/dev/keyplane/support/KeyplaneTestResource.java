package dev.keyplane.support;

import dev.keyplane.access.KeyKind;
import dev.keyplane.secrets.KeyFormat;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Generates this test run's secrets before Keyplane starts: the operator's system key and the bootstrap
 * admin key (so the bootstrap-from-environment path is exercised). They travel to the tests through
 * system properties outside Keyplane's configuration namespace.
 */
public class KeyplaneTestResource implements QuarkusTestResourceLifecycleManager {

    static final String SYSTEM_KEY_PROPERTY = "keyplane-test.system-key";
    static final String BOOTSTRAP_KEY_PROPERTY = "keyplane-test.bootstrap-key";

    @Override
    public Map<String, String> start() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String systemKey = "ksys_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String bootstrapKey = KeyFormat.generate(KeyKind.ADMIN).raw();
        System.setProperty(SYSTEM_KEY_PROPERTY, systemKey);
        System.setProperty(BOOTSTRAP_KEY_PROPERTY, bootstrapKey);
        return Map.of("keyplane.system-key", systemKey, "keyplane.bootstrap.admin-key", bootstrapKey);
    }

    @Override
    public void stop() {
    }
}
