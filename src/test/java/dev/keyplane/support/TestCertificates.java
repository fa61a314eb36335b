package dev.keyplane.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for the tests, made by the JDK's own keytool (no private key leaves its
 * throw-away keystore; only the certificate is exported, as PEM). Each is made once per test run.
 */
public final class TestCertificates {

    private static final Path DIR = createDir();
    private static final Map<String, String> MADE = new ConcurrentHashMap<>();
    private static final String PASS = "changeit";

    private TestCertificates() {}

    /** An RSA 2048 certificate valid for a year; each name gives another certificate. */
    public static String rsa(String name) {
        return make(name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "365");
    }

    public static String weakRsa() {
        return make("weak", "-keyalg", "RSA", "-keysize", "1024", "-validity", "365");
    }

    public static String ecP256(String name) {
        return make(name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "365");
    }

    public static String ecP521() {
        return make("p521", "-keyalg", "EC", "-groupname", "secp521r1", "-validity", "365");
    }

    public static String ed25519() {
        return make("ed25519", "-keyalg", "Ed25519", "-validity", "365");
    }

    /** Valid from ten days ago for two days: expired. */
    public static String expired() {
        return make("expired", "-keyalg", "RSA", "-keysize", "2048", "-startdate", "-10d", "-validity", "2");
    }

    /** {@code n} certificates in one PEM, as a chain would be uploaded. */
    public static String chain(String name, int n) {
        StringBuilder pem = new StringBuilder();
        for (int i = 0; i < n; i++) {
            pem.append(rsa(name + "-" + i));
        }
        return pem.toString();
    }

    private static synchronized String make(String name, String... keyOptions) {
        return MADE.computeIfAbsent(name, n -> {
            Path store = DIR.resolve(n + ".p12");
            List<String> generate = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", n, "-dname", "CN=" + n + ",O=Keyplane Tests",
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS));
            generate.addAll(List.of(keyOptions));
            run(generate);
            return run(List.of(keytool(), "-exportcert", "-rfc", "-alias", n, "-keystore", store.toString(), "-storepass", PASS));
        });
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path createDir() {
        try {
            Path dir = Files.createTempDirectory("keyplane-test-certs");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
