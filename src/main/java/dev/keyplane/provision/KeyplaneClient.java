package dev.keyplane.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.client.ApiClient;
import dev.keyplane.client.ApiException;
import dev.keyplane.client.api.DataPlaneApi;
import dev.keyplane.client.api.IngestProjectsApi;
import dev.keyplane.client.api.ProjectApiKeysApi;
import dev.keyplane.client.api.ProjectMembersApi;
import dev.keyplane.client.api.ProjectResourcesApi;
import dev.keyplane.client.api.ProjectsApi;
import dev.keyplane.client.api.RateLimitsApi;
import dev.keyplane.client.api.ServiceAccountsApi;
import dev.keyplane.client.api.UsersApi;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Keyplane as the provisioner sees it: the Java SDK generated from Keyplane's own OpenAPI document, with
 * the admin key on every request, and every call retried with backoff while Keyplane is unreachable or
 * answers 429/502/503/504, up to a deadline. Retrying a create is safe: each carries an Idempotency-Key.
 */
final class KeyplaneClient {

    /** One SDK call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws ApiException;
    }

    /** A page of a list operation, as every list response has it. */
    record Page<T>(List<T> data, boolean hasMore, String lastId) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    final ProjectsApi projects;
    final ProjectApiKeysApi keys;
    final ServiceAccountsApi serviceAccounts;
    final ProjectMembersApi members;
    final UsersApi users;
    final RateLimitsApi rateLimits;
    final ProjectResourcesApi resources;
    final DataPlaneApi dataPlane;
    /** The seed-002 dialect: the one way to revoke a single key of a service account. */
    final IngestProjectsApi ingest;
    private final PrintStream log;
    private final Duration patience;
    private long calls;
    private java.util.function.BiConsumer<Long, Boolean> onCall = (n, done) -> { };

    KeyplaneClient(URI baseUri, String adminKey, Duration patience, PrintStream log) {
        ApiClient client = new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)),
                ApiClient.createDefaultObjectMapper(), baseUri.toString().replaceAll("/+$", ""));
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + adminKey)
                .header("User-Agent", "keyplane-provision"));
        this.projects = new ProjectsApi(client);
        this.keys = new ProjectApiKeysApi(client);
        this.serviceAccounts = new ServiceAccountsApi(client);
        this.members = new ProjectMembersApi(client);
        this.users = new UsersApi(client);
        this.rateLimits = new RateLimitsApi(client);
        this.resources = new ProjectResourcesApi(client);
        this.dataPlane = new DataPlaneApi(client);
        this.ingest = new IngestProjectsApi(client);
        this.patience = patience;
        this.log = log;
    }


    /** Runs {@code call}, retrying transient failures with exponential backoff and jitter until the deadline. */
    <T> T call(String what, Call<T> call) {
        long deadline = System.nanoTime() + patience.toNanos();
        long delayMs = 250;
        while (true) {
            calls++;
            onCall.accept(calls, false);
            try {
                T result = call.run();
                onCall.accept(calls, true);
                return result;
            } catch (ApiException e) {
                if (!transient_(e.getCode()) || System.nanoTime() + delayMs * 1_000_000 > deadline) {
                    throw new ProvisionException(what + ": " + describe(e), e);
                }
                log.printf("provision: %s: %s; retrying in %.1f s%n", what, describe(e), delayMs / 1000.0);
                sleep(delayMs);
                delayMs = Math.min(30_000, delayMs * 2) + ThreadLocalRandom.current().nextLong(100);
            }
        }
    }

    /** Every item of a list operation, page after page. */
    <T> List<T> all(String what, Function<String, Call<Page<T>>> pageAfter) {
        List<T> items = new ArrayList<>();
        String after = null;
        while (true) {
            Page<T> page = call(what, pageAfter.apply(after));
            items.addAll(page.data());
            if (!page.hasMore() || page.lastId() == null) {
                return items;
            }
            after = page.lastId();
        }
    }

    /**
     * Runs before and after every call (with the number of the call and whether it is done): tests use it to
     * simulate the process dying part-way, including after Keyplane acted but before its answer was used.
     */
    void onCall(java.util.function.BiConsumer<Long, Boolean> hook) {
        this.onCall = hook;
    }

    /** Not reachable (0), overloaded or restarting: worth waiting for. */
    private static boolean transient_(int status) {
        return status == 0 || status == 429 || status == 502 || status == 503 || status == 504;
    }

    static String describe(ApiException e) {
        if (e.getCode() == 0) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "Keyplane is unreachable (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
        }
        String message = null;
        try {
            JsonNode body = e.getResponseBody() == null ? null : JSON.readTree(e.getResponseBody());
            if (body != null) {
                message = body.path("error").path("message").asText(null);
            }
        } catch (Exception unreadable) {
            // not an error envelope; the status says enough
        }
        return "HTTP " + e.getCode() + (message == null ? "" : ": " + message);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisionException("interrupted", e);
        }
    }

    /** A failure that ends this reconciliation (the next one, in watch mode, starts over). */
    static final class ProvisionException extends RuntimeException {
        ProvisionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
