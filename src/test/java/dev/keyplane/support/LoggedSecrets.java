package dev.keyplane.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What must never be logged, as patterns: raw keys of every kind (prefix, 16-character lookup id, dot, secret),
 * Argon2 hashes, webhook signing secrets and PEM private-key blocks. Used on everything the suite logged.
 */
public final class LoggedSecrets {

    public static final Map<String, Pattern> PATTERNS = Map.of(
            "raw API key", Pattern.compile("(sk-admin-|sk-proj-|sk-svcacct-|mk_)[0-9A-Za-z]{16}\\.[0-9A-Za-z]{20,}"),
            "Argon2 hash", Pattern.compile("\\$argon2(id|i|d)\\$v=\\d+\\$m=\\d+"),
            "webhook secret", Pattern.compile("whsec_[A-Za-z0-9+/]{16,}"),
            "PEM private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));

    /** One finding: the file, the line number, which secret, and the line with the secret masked. */
    public record Finding(Path file, int line, String kind, String masked) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + kind + ": " + masked;
        }
    }

    private LoggedSecrets() {
    }

    public static List<Finding> scan(String text, Path source) {
        List<Finding> findings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Map.Entry<String, Pattern> pattern : PATTERNS.entrySet()) {
                Matcher m = pattern.getValue().matcher(lines[i]);
                if (m.find()) {
                    String line = lines[i];
                    String masked = line.substring(0, m.start()) + "<" + pattern.getKey() + ">" + line.substring(m.end());
                    findings.add(new Finding(source, i + 1, pattern.getKey(), masked.length() > 300 ? masked.substring(0, 300) : masked));
                }
            }
        }
        return findings;
    }

    /** Scans every file directly in {@code dir} (if it exists) whose name ends with one of {@code suffixes}. */
    public static List<Finding> scanDirectory(Path dir, String... suffixes) {
        List<Finding> findings = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return findings;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(s -> f.getFileName().toString().endsWith(s)
                            || f.getFileName().toString().contains(s + ".")))::iterator) { // and rotated ones: x.log.1
                findings.addAll(scan(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }
}
