package dev.keyplane.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.KeyplaneConfig;
import dev.keyplane.access.Caller;
import dev.keyplane.audit.Audit;
import dev.keyplane.audit.AuditEvent;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.db.Retention;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import dev.keyplane.observability.KeyplaneMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the outbox: every replica polls for due deliveries and claims some with {@code FOR UPDATE SKIP LOCKED},
 * pushing their due time a lease ahead. Two replicas never claim the same attempt, and a replica that dies
 * mid-delivery leaves its claims to come due again when the lease runs out. A result is written only by the
 * claim that made the attempt ({@code attempts} and {@code leased_by} fence a late one). Deliveries run
 * concurrently up to {@code max-concurrent}, on the Vert.x HTTP client, to the address the SSRF check
 * approved, without following redirects, within a deadline and a response-size cap.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int LOGGED_BODY = 1024;

    private static final String CLAIM = """
            UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, leased_by = $1, next_attempt_at = now() + make_interval(secs => $2)
            FROM (SELECT dd.endpoint_id, dd.event_id FROM webhook_deliveries dd
                  JOIN webhook_endpoints w ON w.id = dd.endpoint_id AND w.enabled
                  WHERE dd.status = 'pending' AND dd.next_attempt_at <= now()
                  ORDER BY dd.next_attempt_at LIMIT $3
                  FOR UPDATE OF dd SKIP LOCKED) due, webhook_endpoints e, audit_logs a
            WHERE d.endpoint_id = due.endpoint_id AND d.event_id = due.event_id AND e.id = d.endpoint_id AND a.id = d.event_id
            RETURNING d.endpoint_id, d.event_id, d.attempts, d.window_start, e.url, e.secret,
                      a.id, a.organization_id, a.type, a.effective_at, a.project_id, a.project_name, a.actor_key_id,
                      a.actor_type, a.actor_id, a.actor_email, a.resource_id, a.details""";

    /**
     * The start of both result statements: the attempt goes into webhook_delivery_attempts (whichever claim made it: a
     * fenced, late result was still an attempt the receiver saw), and the delivery's attempts older than the last
     * {@code attempts-per-delivery} go. $1 endpoint, $2 event, $3 attempt number, $4 replica, $5 response code,
     * $6 latency, $7 response body, $8 error, $9 the attempt's id, $10 when it started, $11 attempts kept per delivery.
     */
    private static final String ATTEMPT = """
            WITH a AS (INSERT INTO webhook_delivery_attempts (id, endpoint_id, event_id, attempt, attempted_at, response_code,
                                                              latency_ms, response_body, error)
                       SELECT CAST($9 AS text), CAST($1 AS text), CAST($2 AS text), CAST($3 AS integer), CAST($10 AS timestamptz),
                              CAST($5 AS integer), CAST($6 AS integer), CAST($7 AS varchar), CAST($8 AS varchar)
                       WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1 AND event_id = $2)),
                 t AS (DELETE FROM webhook_delivery_attempts
                       WHERE endpoint_id = $1 AND event_id = $2 AND attempt <= CAST($3 AS integer) - CAST($11 AS integer)),
            """;

    private static final String SUCCEEDED = ATTEMPT + """
                 d AS (UPDATE webhook_deliveries SET status = 'succeeded', response_code = $5, latency_ms = $6,
                           response_body = $7, error = NULL, delivered_at = now(), next_attempt_at = NULL, leased_by = NULL
                       WHERE endpoint_id = $1 AND event_id = $2 AND attempts = $3 AND leased_by = $4 RETURNING endpoint_id)
            UPDATE webhook_endpoints e SET consecutive_failures = 0, failing_since = NULL FROM d WHERE e.id = d.endpoint_id""";

    /** $12 the delivery's status, $13 when it is due again. */
    private static final String FAILED = ATTEMPT + """
                 d AS (UPDATE webhook_deliveries SET status = $12, next_attempt_at = $13, response_code = $5, latency_ms = $6,
                           response_body = $7, error = $8, leased_by = NULL
                       WHERE endpoint_id = $1 AND event_id = $2 AND attempts = $3 AND leased_by = $4 RETURNING endpoint_id)
            UPDATE webhook_endpoints e SET consecutive_failures = e.consecutive_failures + 1,
                                           failing_since = coalesce(e.failing_since, now())
            FROM d WHERE e.id = d.endpoint_id
            RETURNING e.enabled, e.consecutive_failures, e.failing_since""";

    private static final int PURGE_BATCH = 10_000;

    private static final String DISABLE = """
            UPDATE webhook_endpoints e SET enabled = false, disabled_reason = 'failing', updated_at = now()
            WHERE e.id = $1 AND e.enabled
            RETURNING e.organization_id, e.project_id, (SELECT p.name FROM projects p WHERE p.id = e.project_id) AS project_name,
                      e.consecutive_failures, e.failing_since""";

    /** One claimed attempt: where to, what, and the fence that lets only this claim record its result. */
    record Claim(String endpointId, String eventId, int attempt, Instant windowStart, String url, String secret, AuditEvent event) {}

    /** How an attempt ended; {@code code} is null when no response came (refused, unreachable, timed out). */
    record Outcome(Integer code, long latencyMs, String body, String error) {
        boolean succeeded() {
            return code != null && code >= 200 && code < 300;
        }
    }

    @Inject
    KeyplaneMetrics metrics;
    @Inject
    WebhookPayloads payloads;
    @Inject
    KeyplaneConfig config;
    @Inject
    Pool pool;
    @Inject
    io.vertx.core.Vertx vertx;
    @Inject
    WebhookTargets targets;
    @Inject
    ObjectMapper json;

    private final String replica = UUID.randomUUID().toString();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile HttpClient http;

    void start(@Observes StartupEvent ignored) {
        KeyplaneConfig.Webhooks settings = config.webhooks();
        http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setKeepAlive(false) // every attempt connects to the address just checked
                .setVerifyHost(true)
                .setMaxPoolSize(settings.maxConcurrent())
                .setUseAlpn(false));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (http != null) {
            http.close();
        }
    }

    @Scheduled(every = "${keyplane.webhooks.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        int free = config.webhooks().maxConcurrent() - inFlight.get();
        if (!config.webhooks().dispatch() || free <= 0 || http == null) {
            return Uni.createFrom().voidItem();
        }
        return claim(free)
                .invoke(claims -> claims.forEach(this::launch))
                .onFailure().invoke(f -> LOG.warnf("Claiming webhook deliveries failed: %s", f.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<List<Claim>> claim(int max) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(replica, config.webhooks().lease().toSeconds(), max)).map(rows -> {
            List<Claim> claims = new ArrayList<>();
            for (Row row : rows) {
                claims.add(new Claim(row.getString("endpoint_id"), row.getString("event_id"), row.getInteger("attempts"),
                        row.getOffsetDateTime("window_start").toInstant(), row.getString("url"), row.getString("secret"), event(row)));
            }
            return claims;
        });
    }

    private void launch(Claim claim) {
        inFlight.incrementAndGet();
        Instant started = Instant.now();
        attempt(claim)
                .chain(outcome -> record(claim, started, outcome))
                .onTermination().invoke(inFlight::decrementAndGet)
                .subscribe().with(ignored -> { }, f -> LOG.warnf("Webhook delivery %s to %s: %s", claim.eventId(), claim.endpointId(), f));
    }

    /** One attempt: resolve and check the host (on a worker: DNS blocks), sign, send, read a bounded response. */
    Uni<Outcome> attempt(Claim claim) {
        long started = System.nanoTime();
        byte[] body;
        try {
            body = json.writeValueAsBytes(payloads.payload(claim.event()));
        } catch (Exception e) {
            return Uni.createFrom().item(new Outcome(null, 0, null, "unserializable event: " + e));
        }
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(() -> targets.resolve(claim.url()), false).toCompletionStage())
                .chain(target -> send(target, claim, body, started))
                .ifNoItem().after(config.webhooks().responseTimeout()).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no complete response within " + config.webhooks().responseTimeout().toMillis() + " ms"))
                .onFailure().recoverWithItem(f -> new Outcome(null, elapsed(started), null, describe(f)));
    }

    private Uni<Outcome> send(WebhookTargets.Target target, Claim claim, byte[] body, long started) {
        long timestamp = Instant.now().getEpochSecond();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setIdleTimeout(config.webhooks().responseTimeout().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", "Keyplane-Webhooks/1")
                .putHeader("webhook-id", claim.eventId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", WebhookSignature.sign(claim.secret(), claim.eventId(), timestamp, body));
        int cap = config.webhooks().maxResponseBytes();
        return Uni.createFrom().completionStage(() -> http.request(options)
                .compose(request -> request.send(Buffer.buffer(body)).compose(response -> {
                    Promise<Outcome> done = Promise.promise();
                    Buffer head = Buffer.buffer();
                    long[] read = {0};
                    response.handler(chunk -> {
                        if (head.length() < LOGGED_BODY) {
                            head.appendBuffer(chunk.slice(0, Math.min(chunk.length(), LOGGED_BODY - head.length())));
                        }
                        read[0] += chunk.length();
                        if (read[0] > cap) { // a huge answer: stop reading, keep what the log shows
                            done.tryComplete(new Outcome(response.statusCode(), elapsed(started), text(head),
                                    "response cut off after " + cap + " bytes"));
                            request.reset();
                        }
                    });
                    response.exceptionHandler(done::tryFail);
                    response.endHandler(v -> done.tryComplete(new Outcome(response.statusCode(), elapsed(started), text(head),
                            response.statusCode() >= 300 && response.statusCode() < 400 ? "redirects are not followed" : null)));
                    return done.future();
                }))
                .toCompletionStage());
    }

    /**
     * Writes the attempt (kept in the delivery's attempts) and its result; after a failure, schedules the next one or
     * gives up, and may disable the endpoint.
     */
    private Uni<Void> record(Claim claim, Instant started, Outcome outcome) {
        KeyplaneConfig.Webhooks settings = config.webhooks();
        List<Object> attempt = new ArrayList<>(java.util.Arrays.asList(claim.endpointId(), claim.eventId(), claim.attempt(), replica,
                outcome.code(), (int) outcome.latencyMs(), outcome.body(), truncate(outcome.error(), 512),
                Ids.newId(IdPrefix.WEBHOOK_ATTEMPT), OffsetDateTime.ofInstant(started, ZoneOffset.UTC), settings.attemptsPerDelivery()));
        if (outcome.succeeded()) {
            metrics.webhookDelivery("succeeded");
            return pool.preparedQuery(SUCCEEDED).execute(Tuple.from(attempt)).replaceWithVoid();
        }
        Instant next = Instant.now().plus(backoff(claim.attempt()));
        boolean giveUp = next.isAfter(claim.windowStart().plus(settings.retryFor()));
        metrics.webhookDelivery(giveUp ? "gave_up" : "failed");
        attempt.add(giveUp ? WebhookDelivery.FAILED : WebhookDelivery.PENDING);
        attempt.add(giveUp ? null : OffsetDateTime.ofInstant(next, ZoneOffset.UTC));
        return pool.preparedQuery(FAILED).execute(Tuple.from(attempt))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem(); // fenced: another claim owns this delivery now
                    }
                    Row endpoint = rows.iterator().next();
                    boolean tooLong = endpoint.getOffsetDateTime("failing_since").toInstant()
                            .isBefore(Instant.now().minus(settings.disableAfter()));
                    boolean tooMany = settings.disableAfterAttempts().isPresent()
                            && endpoint.getInteger("consecutive_failures") >= settings.disableAfterAttempts().getAsInt();
                    return endpoint.getBoolean("enabled") && (tooLong || tooMany) ? disable(claim.endpointId()) : Uni.createFrom().voidItem();
                });
    }

    /** Disables a failing endpoint and logs {@code webhook.disabled} (which other endpoints may receive) in one transaction. */
    private Uni<Void> disable(String endpointId) {
        return pool.withTransaction(tx -> tx.preparedQuery(DISABLE).execute(Tuple.of(endpointId)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
            }
            Row e = rows.iterator().next();
            LOG.warnf("Disabled webhook %s after %d failed attempts in a row", endpointId, e.getInteger("consecutive_failures"));
            return Audit.record(tx, Caller.system(), e.getString("organization_id"), e.getString("project_id"),
                    e.getString("project_name"), "webhook.disabled", Audit.fields("id", endpointId, "reason", WebhookEndpoint.FAILING,
                            "consecutive_failures", e.getInteger("consecutive_failures"),
                            "failing_since", e.getOffsetDateTime("failing_since").toEpochSecond()));
        }));
    }

    /**
     * Deletes attempts older than {@code keyplane.webhooks.attempt-retention}, a batch at a time; a delivery's own row
     * (with its last attempt) stays as long as its audit event.
     */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeAttempts() {
        Instant cutoff = Instant.now().minus(config.webhooks().attemptRetention());
        return purgeAttemptsBefore(cutoff)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Purged %d webhook delivery attempts older than %s", n, cutoff);
                    }
                })
                .onFailure().invoke(f -> LOG.warnf("Webhook attempt purge failed: %s", f.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes the attempts recorded before {@code cutoff}: their time-ordered ids find them through the primary key. */
    Uni<Long> purgeAttemptsBefore(Instant cutoff) {
        return Retention.purgeBefore(pool, "webhook_delivery_attempts", Ids.floor(IdPrefix.WEBHOOK_ATTEMPT, cutoff), PURGE_BATCH);
    }

    /** Exponential: base, 2×base, 4×base… up to the maximum, each ±20 % so that failures do not retry in step. */
    Duration backoff(int attempt) {
        KeyplaneConfig.Webhooks settings = config.webhooks();
        double exponential = settings.retryBase().toMillis() * Math.pow(2, Math.min(attempt - 1, 30));
        double capped = Math.min(exponential, settings.retryMaxDelay().toMillis());
        return Duration.ofMillis((long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }

    private static AuditEvent event(Row row) {
        AuditEvent e = new AuditEvent();
        e.id = row.getString("id");
        e.organizationId = row.getString("organization_id");
        e.type = row.getString("type");
        e.effectiveAt = row.getOffsetDateTime("effective_at").toInstant();
        e.projectId = row.getString("project_id");
        e.projectName = row.getString("project_name");
        e.actorKeyId = row.getString("actor_key_id");
        e.actorType = row.getString("actor_type");
        e.actorId = row.getString("actor_id");
        e.actorEmail = row.getString("actor_email");
        e.resourceId = row.getString("resource_id");
        e.details = row.getString("details");
        return e;
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String text(Buffer head) {
        // PostgreSQL text holds no NUL: a binary answer must not make its attempt unrecordable
        return head.length() == 0 ? null : new String(head.getBytes(), StandardCharsets.UTF_8).replace((char) 0, '\uFFFD');
    }

    private static String describe(Throwable f) {
        if (f instanceof ApiException refused) {
            return "refused: " + refused.getMessage();
        }
        return f.getMessage() == null ? f.getClass().getSimpleName() : f.getMessage();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
