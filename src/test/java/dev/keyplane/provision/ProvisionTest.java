package dev.keyplane.provision;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provisioning command against the running application: reconcile, re-run, change, prune, dry run, failures. */
@QuarkusTest
class ProvisionTest extends ApiTest {

    private Path work;
    private Path file;
    private Path out;
    private Path adminKeyFile;
    private String externalId;

    /** What a run printed and returned. */
    record Run(int code, String out, String err) {
        int changes() {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("provision: (?:done|dry run): (\\d+) change").matcher(out);
            assertTrue(m.find(), "a summary line in:\n" + out + err);
            return Integer.parseInt(m.group(1));
        }
    }

    @BeforeEach
    void files() throws IOException {
        work = Files.createTempDirectory(Path.of("target"), "provision-");
        file = work.resolve("tenant.yaml");
        out = work.resolve("keys");
        adminKeyFile = work.resolve("admin-key");
        Files.writeString(adminKeyFile, ownerKey);
        Files.setPosixFilePermissions(adminKeyFile, PosixFilePermissions.fromString("rw-------"));
        externalId = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String url() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    private String tenant(String name, String description, int requestsPerMinute, String scopes) {
        return """
                projects:
                  - external_id: %1$s
                    name: %2$s
                    environment: staging
                    description: %3$s
                    members:
                      - email: ops-%1$s@example.com
                        role: owner
                    service_accounts:
                      - name: worker
                    keys:
                      - name: worker
                        service_account: worker
                        scopes: %5$s
                      - name: ops
                        user: ops-%1$s@example.com
                        expires_in_days: 30
                        file: ops.key
                    rate_limits:
                      - model: chat
                        max_requests_per_1_minute: %4$d
                        max_tokens_per_1_minute: 100000
                    resources:
                      - kind: vault
                        name: Secrets of %2$s
                        external_id: vault-1
                """.formatted(externalId, name, description, requestsPerMinute, scopes);
    }

    private Run provision(String... extra) {
        return provision(null, extra);
    }

    private Run provision(java.util.function.BiConsumer<Long, Boolean> crash, String... extra) {
        List<String> args = new ArrayList<>(List.of("--file", file.toString(), "--out", out.toString(), "--url", url(),
                "--admin-key-file", adminKeyFile.toString(), "--timeout", "20s"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        int code;
        if (crash == null) {
            code = ProvisionCommand.run(args.toArray(String[]::new), Map.of(), o, e, new AtomicBoolean());
        } else {
            ProvisionCommand.Options options = ProvisionCommand.parse(args.toArray(String[]::new), Map.of());
            KeyplaneClient client = ProvisionCommand.client(options, o);
            client.onCall(crash);
            code = ProvisionCommand.once(options, o, e, client);
        }
        return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    private Response projects() {
        return asOwner().queryParam("limit", 100).queryParam("include_archived", true).get(PROJECTS);
    }

    private String projectId() {
        List<String> ids = projects().then().statusCode(200).extract().path("data.findAll { it.external_id == '" + externalId + "' }.id");
        assertEquals(1, ids.size(), "exactly one project " + externalId);
        return ids.get(0);
    }

    private List<Map<String, Object>> keys(String projectId) {
        return asOwner().queryParam("limit", 100).queryParam("owner_project_access", "any").get(PROJECTS + "/" + projectId + "/api_keys")
                .then().statusCode(200).extract().path("data");
    }

    /** The live keys (not rolled away) named {@code name}. */
    private List<Map<String, Object>> liveKeys(String projectId, String name) {
        return keys(projectId).stream().filter(k -> name.equals(k.get("name")) && k.get("rolled_to") == null).toList();
    }

    /** Keys as listed, but for last_used_at (verifying a key file is a use). */
    private static List<Map<String, Object>> withoutLastUse(List<Map<String, Object>> keys) {
        return keys.stream().map(k -> {
            Map<String, Object> copy = new java.util.HashMap<>(k);
            copy.remove("last_used_at");
            return (Map<String, Object>) copy;
        }).toList();
    }

    private Response verify(String key) {
        return as(ownerKey).body(Map.of("key", key)).post("/v1/keys/verify");
    }

    private String keyFile(String name) throws IOException {
        return Files.readString(out.resolve(name));
    }

    @Test
    void reconcilesFromEmptyAndASecondRunChangesNothing() throws IOException {
        Files.writeString(file, tenant("Tenant A", "first", 600, "[billing.read, billing.write]"));
        Run first = provision();
        assertEquals(0, first.code(), first.err());
        // project, member (and its organization user), service account, two keys, a rate limit, a resource
        assertEquals(8, first.changes(), first.out());
        String projectId = projectId();
        asOwner().get(PROJECTS + "/" + projectId).then().statusCode(200)
                .body("name", equalTo("Tenant A")).body("description", equalTo("first")).body("environment", equalTo("staging"));

        String workerKey = keyFile(externalId + ".worker.key");
        String opsKey = keyFile("ops.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("ops.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(externalId + ".worker.key"))));
        verify(workerKey).then().statusCode(200).body("code", equalTo("VALID")).body("project_id", equalTo(projectId))
                .body("owner.type", equalTo("service_account"));
        verify(opsKey).then().statusCode(200).body("code", equalTo("VALID")).body("owner.type", equalTo("user"))
                .body("expires_at", org.hamcrest.Matchers.notNullValue());
        assertEquals(List.of("billing.read", "billing.write"), liveKeys(projectId, "worker").get(0).get("scopes"));
        asOwner().get(PROJECTS + "/" + projectId + "/rate_limits").then().statusCode(200)
                .body("data.find { it.model == 'chat' }.max_requests_per_1_minute", equalTo(600));
        asOwner().get(PROJECTS + "/" + projectId + "/resources").then().statusCode(200)
                .body("data.find { it.external_id == 'vault-1' }.name", equalTo("Secrets of Tenant A"));
        List<Map<String, Object>> keysBefore = withoutLastUse(keys(projectId));

        Run second = provision();
        assertEquals(0, second.code(), second.err());
        assertEquals(0, second.changes(), second.out());
        assertEquals(keysBefore, withoutLastUse(keys(projectId)), "no key minted, rolled or changed");
        assertEquals(workerKey, keyFile(externalId + ".worker.key"));
        assertEquals(opsKey, keyFile("ops.key"));
        projectId();
    }

    @Test
    void aChangedFileIsApplied() throws IOException {
        Files.writeString(file, tenant("Tenant B", "first", 600, "[billing.read]"));
        assertEquals(0, provision().code());
        String projectId = projectId();
        String oldWorkerKey = keyFile(externalId + ".worker.key");

        Files.writeString(file, tenant("Tenant B2", "second", 900, "[billing.read, reports.read]"));
        Run changed = provision();
        assertEquals(0, changed.code(), changed.err());
        assertTrue(changed.out().contains("project " + externalId + ": update name, description"), changed.out());
        assertTrue(changed.out().contains("rate limit chat: update max_requests_per_1_minute"), changed.out());
        assertTrue(changed.out().contains("key worker: replace (scopes changed)"), changed.out());
        assertTrue(changed.out().contains("resource vault Secrets of Tenant B2: update name"), changed.out());
        asOwner().get(PROJECTS + "/" + projectId).then().body("name", equalTo("Tenant B2")).body("description", equalTo("second"));
        asOwner().get(PROJECTS + "/" + projectId + "/rate_limits").then()
                .body("data.find { it.model == 'chat' }.max_requests_per_1_minute", equalTo(900));
        String newWorkerKey = keyFile(externalId + ".worker.key");
        assertNotEquals(oldWorkerKey, newWorkerKey);
        verify(newWorkerKey).then().body("code", equalTo("VALID"));
        verify(oldWorkerKey).then().body("valid", equalTo(false));
        assertEquals(1, liveKeys(projectId, "worker").size());
        assertEquals(List.of("billing.read", "reports.read"), liveKeys(projectId, "worker").get(0).get("scopes"));
        assertEquals(0, provision().changes(), "and then nothing more");
    }

    @Test
    void aLostOrRevokedKeyFileIsReplacedByRollingTheKey() throws IOException {
        Files.writeString(file, tenant("Tenant C", "x", 600, "[]"));
        assertEquals(0, provision().code());
        String projectId = projectId();
        String first = keyFile("ops.key");
        Files.delete(out.resolve("ops.key"));

        Run lost = provision();
        assertTrue(lost.out().contains("key ops: roll (no key file)"), lost.out());
        String second = keyFile("ops.key");
        verify(second).then().body("code", equalTo("VALID"));
        verify(first).then().body("code", equalTo("VALID")); // the rolled key works for the grace period
        assertEquals(1, liveKeys(projectId, "ops").size());

        String secondId = liveKeys(projectId, "ops").get(0).get("id").toString();
        asOwner().delete(PROJECTS + "/" + projectId + "/api_keys/" + secondId).then().statusCode(200);
        verify(second).then().body("valid", equalTo(false));
        Run revoked = provision();
        assertEquals(0, revoked.code(), revoked.err());
        assertTrue(revoked.out().contains("key ops: mint (the file's key does not verify)"), revoked.out());
        verify(keyFile("ops.key")).then().body("code", equalTo("VALID"));
        assertEquals(0, provision().changes());
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothingThenPruneDeletesWhatTheFileDoesNotName() throws IOException {
        Files.writeString(file, tenant("Tenant D", "x", 600, "[]"));
        Run planned = provision("--dry-run");
        assertEquals(0, planned.code(), planned.err());
        assertEquals(7, planned.changes(), planned.out()); // the organization user is found or made only when applying
        assertTrue(planned.out().contains("[dry run] project " + externalId + ": create (Tenant D)"), planned.out());
        assertTrue(planned.out().contains("[dry run] project " + externalId + ": key ops: mint -> "), planned.out());
        List<Object> none = projects().then().extract().path("data.findAll { it.external_id == '" + externalId + "' }");
        assertTrue(none.isEmpty(), "a dry run creates nothing");
        assertFalse(Files.exists(out.resolve("ops.key")), "nor writes key files");

        assertEquals(0, provision().code());
        String projectId = projectId();
        // things the file does not name
        asOwner().body(Map.of("name", "stray")).post(PROJECTS + "/" + projectId + "/service_accounts").then().statusCode(200);
        asOwner().body(Map.of("model", "embeddings", "max_requests_per_1_minute", 5, "max_tokens_per_1_minute", 5))
                .post(PROJECTS + "/" + projectId + "/rate_limits").then().statusCode(200);

        Run withoutPrune = provision();
        assertEquals(0, withoutPrune.changes(), "without --prune, what the file does not name is left alone");

        Run dryPrune = provision("--prune", "--dry-run");
        assertTrue(dryPrune.out().contains("[dry run] project " + externalId + ": service account stray: delete, with its keys (pruned)"), dryPrune.out());
        assertTrue(dryPrune.out().contains("[dry run] project " + externalId + ": rate limit embeddings: delete (pruned)"), dryPrune.out());
        assertEquals(2, dryPrune.changes(), dryPrune.out());
        asOwner().get(PROJECTS + "/" + projectId + "/rate_limits").then().body("data.model", org.hamcrest.Matchers.hasItem("embeddings"));

        Run prune = provision("--prune");
        assertEquals(0, prune.code(), prune.err());
        asOwner().get(PROJECTS + "/" + projectId + "/rate_limits").then().body("data.model", equalTo(List.of("chat")));
        asOwner().get(PROJECTS + "/" + projectId + "/service_accounts").then().body("data.name", equalTo(List.of("worker")));
        verify(keyFile("ops.key")).then().body("code", equalTo("VALID"));
        assertEquals(0, provision("--prune").changes());
        // a stray key of a service account the file keeps is revoked on its own
        String stray = asOwner().body(Map.of("name", "stray-key", "service_account_id",
                        asOwner().get(PROJECTS + "/" + projectId + "/service_accounts").path("data[0].id")))
                .post(PROJECTS + "/" + projectId + "/api_keys").then().statusCode(200).extract().path("value");
        Run strayKey = provision("--prune");
        assertTrue(strayKey.out().contains("key stray-key"), strayKey.out());
        assertEquals(1, strayKey.changes(), strayKey.out());
        verify(stray).then().body("valid", equalTo(false));
        verify(keyFile(externalId + ".worker.key")).then().body("code", equalTo("VALID"));
    }

    @Test
    void aRunKilledAtAnyPointThenRunAgainCreatesNothingTwice() throws IOException {
        Files.writeString(file, tenant("Tenant E", "x", 600, "[a]"));
        long total;
        { // how many calls a whole run makes, against a scratch project
            String real = externalId;
            externalId = real + "-count";
            Files.writeString(file, tenant("Count", "x", 600, "[a]"));
            long[] calls = {0};
            assertEquals(0, provision((n, done) -> calls[0] = n).code());
            total = calls[0];
            externalId = real;
        }
        assertTrue(total >= 12, "a whole run makes " + total + " calls");
        for (long crashAt = 1; crashAt <= total; crashAt += 3) {
            externalId = "tenant-killed-" + crashAt + "-" + UUID.randomUUID().toString().substring(0, 4);
            Files.writeString(file, tenant("Killed " + crashAt, "x", 600, "[a]"));
            long at = crashAt;
            boolean afterTheCall = crashAt % 2 == 0; // Keyplane acted, the answer is lost
            assertThrows(ProcessDied.class, () -> provision((n, done) -> {
                if (n == at && done == afterTheCall) {
                    throw new ProcessDied();
                }
            }));
            Run again = provision();
            assertEquals(0, again.code(), "after a crash at call " + crashAt + ": " + again.err());
            String projectId = projectId();
            assertEquals(1, liveKeys(projectId, "worker").size(), "crash at " + crashAt);
            assertEquals(1, liveKeys(projectId, "ops").size(), "crash at " + crashAt);
            asOwner().get(PROJECTS + "/" + projectId + "/service_accounts").then().body("data.name", equalTo(List.of("worker")));
            asOwner().get(PROJECTS + "/" + projectId + "/rate_limits").then().body("data.size()", equalTo(1));
            asOwner().get(PROJECTS + "/" + projectId + "/resources").then().body("data.size()", equalTo(1));
            asOwner().get(PROJECTS + "/" + projectId + "/users").then().body("data.size()", equalTo(1));
            verify(keyFile(externalId + ".worker.key")).then().body("code", equalTo("VALID"));
            verify(keyFile("ops.key")).then().body("code", equalTo("VALID"));
            assertEquals(0, provision().changes(), "crash at " + crashAt);
        }
    }

    private static final class ProcessDied extends RuntimeException {
    }

    @Test
    void keyplaneDownThenUpIsWaitedForWithBackoff() throws Exception {
        Files.writeString(file, tenant("Tenant F", "x", 600, "[]"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        // nothing listens on the port for two seconds; then a proxy to Keyplane does
        CompletableFuture<Void> proxy = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(2_000);
                forward(port, RestAssured.port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            List<String> args = List.of("--file", file.toString(), "--out", out.toString(), "--url", "http://localhost:" + port,
                    "--admin-key-file", adminKeyFile.toString(), "--timeout", "60s");
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            int code = ProvisionCommand.run(args.toArray(String[]::new), Map.of(), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    System.err, new AtomicBoolean());
            String printed = stdout.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, printed);
            assertTrue(printed.contains("Keyplane is unreachable") && printed.contains("retrying in"), printed);
            projectId();
            verify(keyFile("ops.key")).then().body("code", equalTo("VALID"));
        } finally {
            proxy.cancel(true);
            proxyStop.set(true);
        }
    }

    private final AtomicBoolean proxyStop = new AtomicBoolean();

    /** A TCP forwarder from {@code from} to {@code to} on loopback, until {@link #proxyStop}. */
    private void forward(int from, int to) throws IOException {
        try (ServerSocket server = new ServerSocket(from, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            while (!proxyStop.get()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (java.net.SocketTimeoutException idle) {
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), to);
                pipe(client.getInputStream(), upstream.getOutputStream(), upstream);
                pipe(upstream.getInputStream(), client.getOutputStream(), client);
            }
        }
    }

    private static void pipe(InputStream in, OutputStream out, Socket closeWhenDone) {
        Thread t = new Thread(() -> {
            try (closeWhenDone) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the other side closed
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void watchModeAppliesAFileChangeAndStops() throws Exception {
        Files.writeString(file, tenant("Tenant G", "x", 600, "[]"));
        AtomicBoolean stop = new AtomicBoolean();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        List<String> args = List.of("--file", file.toString(), "--out", out.toString(), "--url", url(),
                "--admin-key-file", adminKeyFile.toString(), "--watch", "--interval", "1h");
        CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(
                () -> ProvisionCommand.run(args.toArray(String[]::new), Map.of(), printed, printed, stop));
        waitFor(() -> stdout.toString(StandardCharsets.UTF_8).contains("provision: done"));
        String projectId = projectId();
        Files.writeString(file, tenant("Tenant G2", "x", 600, "[]"));
        waitFor(() -> "Tenant G2".equals(asOwner().get(PROJECTS + "/" + projectId).path("name")));
        stop.set(true);
        assertEquals(0, watching.get(10, TimeUnit.SECONDS));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("provision: stopped"));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(100);
        }
    }

    @Test
    void badUsageAndBadFilesExitWith2AndChangeNothing() throws IOException {
        Files.writeString(file, tenant("Tenant H", "x", 600, "[]"));
        Run noOut = run("--file", file.toString());
        assertEquals(2, noOut.code());
        assertTrue(noOut.err().contains("--file and --out are required"), noOut.err());
        assertEquals(2, run("--file", file.toString(), "--out", out.toString(), "--bogus").code());
        assertEquals(2, run("--file", file.toString(), "--out", out.toString(), "--timeout", "soon").code());

        Map<String, String> broken = Map.of(
                "projects:\n  - external_id: a\n    name: A\n    colour: red\n", "Unrecognized field \"colour\"",
                "projects:\n  - external_id: a\n    name: A\n  - external_id: a\n    name: B\n", "external_id a is named twice",
                "projects:\n  - name: A\n", "external_id is required",
                "projects:\n  - external_id: a\n    name: A\n    keys:\n      - name: k\n        service_account: nobody\n", "which the project does not list",
                "projects:\n  - external_id: a\n    name: A\n    keys:\n      - name: k\n        user: x@example.com\n", "not among the project's members",
                "projects:\n  - external_id: a\n    name: A\n    environment: moon\n", "environment must be",
                "projects:\n  - external_id: a\n    name: A\n    keys:\n      - {name: k, service_account: s, file: ../escape}\n    service_accounts: [{name: s}]\n", "must be a plain file name",
                "projects: [oops", "tenant.yaml");
        for (Map.Entry<String, String> b : broken.entrySet()) {
            Files.writeString(file, b.getKey());
            Run r = provision();
            assertEquals(2, r.code(), b.getKey());
            assertTrue(r.err().contains(b.getValue()), b.getKey() + " -> " + r.err());
        }

        Files.writeString(file, tenant("Tenant H", "x", 600, "[]"));
        Files.writeString(adminKeyFile, "sk-admin-not-a-real-key");
        Run refused = provision();
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.err().contains("HTTP 401"), refused.err());
        assertFalse(refused.out().contains("retrying"), "a refusal is not retried");
    }

    private Run run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = ProvisionCommand.run(args, Map.of("KEYPLANE_ADMIN_KEY", ownerKey), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), new AtomicBoolean());
        return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }
}
