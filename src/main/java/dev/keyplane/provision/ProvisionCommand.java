package dev.keyplane.provision;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code provision}: the provisioning sidecar, a second command of the Keyplane jar and image. It makes an
 * organization's projects match a file and writes each key the file asks for to its own file. Once (an init
 * container: the exit code tells) or {@code --watch} (a sidecar: again whenever the file changes, and every
 * {@code --interval}, with backoff while Keyplane is unreachable).
 */
public final class ProvisionCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: provision --file FILE --out DIR [--url URL] [--admin-key-file FILE]
                             [--dry-run] [--prune] [--watch] [--interval 5m] [--timeout 5m] [--grace-period 24h]

              --file FILE            the provisioning file (YAML): projects by external_id, with members, service
                                     accounts, keys, rate limits and resources
              --out DIR              where each key is written, one file per key, mode 0600
              --url URL              Keyplane's address (default: $KEYPLANE_URL, else http://localhost:8080)
              --admin-key-file FILE  a file holding the admin key to provision with (default: $KEYPLANE_ADMIN_KEY)
              --dry-run              print the changes, make none
              --prune                also delete what the named projects hold that the file does not name
              --watch                keep running: reconcile again when the file changes and every --interval
              --timeout DURATION     how long to keep retrying while Keyplane is unreachable (default 5m)
              --grace-period DUR     how long a replaced key keeps working after a roll (default 24h)

            Exit codes: 0 done (or, with --watch, stopped), 1 Keyplane refused or stayed unreachable, 2 bad usage or file.
            """;

    /** The parsed command line. */
    record Options(Path file, Path out, URI url, String adminKey, boolean dryRun, boolean prune, boolean watch,
                   Duration interval, Duration timeout, Duration gracePeriod) {}

    private ProvisionCommand() {
    }

    /** The {@code provision} command of the jar (see {@code dev.keyplane.Main}). */
    public static int main(String[] args) {
        return run(args, System.getenv(), System.out, System.err, new AtomicBoolean());
    }

    /** Runs the command; {@code stop} ends a {@code --watch} loop (the JVM's shutdown does the same in production). */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, AtomicBoolean stop) {
        Options options;
        try {
            options = parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("provision: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        if (options == null) {
            out.print(USAGE_TEXT);
            return OK;
        }
        return options.watch() ? watch(options, out, err, stop) : once(options, out, err, client(options, out));
    }

    static KeyplaneClient client(Options options, PrintStream log) {
        return new KeyplaneClient(options.url(), options.adminKey(), options.timeout(), log);
    }

    /** One reconciliation; the exit code. */
    static int once(Options options, PrintStream out, PrintStream err, KeyplaneClient client) {
        TenantFile file;
        try {
            file = TenantFile.read(options.file());
        } catch (TenantFile.InvalidFile e) {
            err.println("provision: " + e.getMessage());
            return USAGE;
        }
        try {
            Reconciler.Result result = new Reconciler(client, new KeyFiles(options.out()), out, !options.dryRun(), options.prune(),
                    options.gracePeriod().toSeconds()).reconcile(file);
            out.printf("provision: %s: %d change%s%s (%d project%s, %d key%s)%n", options.dryRun() ? "dry run" : "done",
                    result.changes(), result.changes() == 1 ? "" : "s", options.dryRun() ? " planned" : "",
                    result.projects(), result.projects() == 1 ? "" : "s", result.keys(), result.keys() == 1 ? "" : "s");
            return OK;
        } catch (KeyplaneClient.ProvisionException | java.io.UncheckedIOException e) {
            err.println("provision: failed: " + e.getMessage());
            return FAILED;
        }
    }

    /** Reconciles, then again whenever the file's content changes or the interval passes; failures back off. */
    static int watch(Options options, PrintStream out, PrintStream err, AtomicBoolean stop) {
        KeyplaneClient client = client(options, out);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            stop.set(true);
            main.interrupt();
        }, "provision-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long backoffMs = 1_000;
        try {
            while (!stop.get()) {
                String reconciled = digest(options.file());
                int code = once(options, out, err, client);
                long waitUntil;
                if (code == OK) {
                    backoffMs = 1_000;
                    waitUntil = System.nanoTime() + options.interval().toNanos();
                } else {
                    err.printf("provision: retrying in %d s%n", backoffMs / 1000);
                    waitUntil = System.nanoTime() + backoffMs * 1_000_000;
                    backoffMs = Math.min(backoffMs * 2, 300_000);
                }
                // poll the file: a mounted ConfigMap changes by a symlink swap, which file watchers miss
                while (!stop.get() && System.nanoTime() < waitUntil && reconciled.equals(digest(options.file()))) {
                    Thread.sleep(500);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping: nothing to remove
            }
        }
        out.println("provision: stopped");
        return OK;
    }

    private static String digest(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return "unreadable";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The options, or {@code null} for {@code --help}. */
    static Options parse(String[] args, Map<String, String> env) {
        Path file = null;
        Path out = null;
        String url = env.getOrDefault("KEYPLANE_URL", "http://localhost:8080");
        String adminKey = env.get("KEYPLANE_ADMIN_KEY");
        boolean dryRun = false;
        boolean prune = false;
        boolean watch = false;
        Duration interval = Duration.ofMinutes(5);
        Duration timeout = Duration.ofMinutes(5);
        Duration grace = Duration.ofHours(24);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--dry-run" -> dryRun = true;
                case "--prune" -> prune = true;
                case "--watch" -> watch = true;
                case "--file" -> file = Path.of(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--url" -> url = value(args, ++i, arg);
                case "--admin-key-file" -> adminKey = readKey(Path.of(value(args, ++i, arg)));
                case "--interval" -> interval = duration(value(args, ++i, arg), arg);
                case "--timeout" -> timeout = duration(value(args, ++i, arg), arg);
                case "--grace-period" -> grace = duration(value(args, ++i, arg), arg);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (file == null || out == null) {
            throw new IllegalArgumentException("--file and --out are required");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file " + file);
        }
        if (adminKey == null || adminKey.isBlank()) {
            throw new IllegalArgumentException("no admin key: set KEYPLANE_ADMIN_KEY or --admin-key-file");
        }
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url " + url + ": " + e.getMessage());
        }
        if (grace.isNegative() || grace.toSeconds() > 604_800) {
            throw new IllegalArgumentException("--grace-period must be between 0 and 7d");
        }
        return new Options(file, out, uri, adminKey.strip(), dryRun, prune, watch, interval, timeout, grace);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String readKey(Path path) {
        try {
            return Files.readString(path).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the admin key file " + path);
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}, or an ISO-8601 duration. */
    static Duration duration(String text, String option) {
        try {
            if (text.matches("\\d+[smhd]")) {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " " + text + ": not a duration (e.g. 30s, 5m, 24h)");
        }
    }
}
