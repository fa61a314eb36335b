package dev.keyplane.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server for tests: Debian's {@code redis-server} (installed by {@code .ci/run}), started on a free
 * loopback port with no persistence, stopped and started again by tests that need it gone for a while, and stopped
 * at the end. As a Quarkus test resource it hands the application {@code keyplane.redis.url}.
 */
public final class RedisServer implements QuarkusTestResourceLifecycleManager {

    /** The server of the running test resource, for tests to stop, restart and inspect. */
    public static volatile RedisServer current;

    private final int port;
    private final File log;
    private Process process;

    public RedisServer() {
        this.port = freePort();
        try {
            this.log = File.createTempFile("redis-", ".log");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        current = this;
        startServer();
        return Map.of("keyplane.redis.url", url());
    }

    @Override
    public void stop() {
        stopServer();
        current = null;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized void startServer() {
        try {
            process = new ProcessBuilder(binary("redis-server"), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "yes")
                    .redirectErrorStream(true).redirectOutput(log).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("redis-server did not start; see " + log);
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not be run (apt-get install -y redis-server)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized void stopServer() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Runs a redis-cli command against this server and returns its output lines. */
    public List<String> cli(String... command) {
        try {
            String[] full = new String[command.length + 4];
            full[0] = binary("redis-cli");
            full[1] = "-p";
            full[2] = Integer.toString(port);
            full[3] = "--raw";
            System.arraycopy(command, 0, full, 4, command.length);
            Process cli = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            cli.waitFor(10, TimeUnit.SECONDS);
            return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String binary(String name) {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return name;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
