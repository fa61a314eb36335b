package dev.keyplane.support;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A webhook receiver on loopback (the JDK's HTTP server): records every request and answers from a script
 * (status, delay, body), 204 once the script is used up. {@link #verify} checks a Standard Webhooks signature
 * with its own HMAC code, independent of Keyplane's.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A received request. */
    public record Received(String id, String timestamp, String signature, String contentType, String body, long receivedAtMillis) {}

    /** A scripted answer. */
    public record Answer(int status, Duration delay, String body, Map<String, String> headers) {
        public static Answer status(int status) {
            return new Answer(status, Duration.ZERO, "", Map.of());
        }

        public static Answer slow(Duration delay) {
            return new Answer(204, delay, "", Map.of());
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            received.add(new Received(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"),
                    h.getFirst("content-type"), new String(body, StandardCharsets.UTF_8), System.currentTimeMillis()));
            Answer answer = script.poll();
            if (answer == null) {
                answer = Answer.status(204);
            }
            try {
                Thread.sleep(answer.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(out);
                    }
                }
            } catch (IOException clientGone) {
                // the dispatcher gave up on a slow answer
            }
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(Answer... answers) {
        script.addAll(List.of(answers));
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Waits until a request matching {@code which} arrives; fails after {@code timeout}. */
    public Received await(Predicate<Received> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received r : received) {
                if (which.test(r)) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching webhook within " + timeout + "; received " + received);
    }

    /** Waits until {@code count} requests matching {@code which} have arrived. */
    public List<Received> awaitCount(Predicate<Received> which, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> matching = received.stream().filter(which).toList();
            if (matching.size() >= count) {
                return matching;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + count + " matching webhooks within " + timeout + "; received " + received);
    }

    /** Standard Webhooks verification, written from the specification (not Keyplane's code). */
    public static boolean verify(String secret, Received r) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String signed = r.id() + "." + r.timestamp() + "." + r.body();
            String expected = Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
            for (String candidate : r.signature().split(" ")) {
                if (candidate.equals("v1," + expected)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
