package dev.keyplane.changes;

import dev.keyplane.access.Internal;
import dev.keyplane.KeyplaneConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Change notification across replicas, the low-level mechanism every cache relies on: features publish what
 * changed (after their transaction commits), caches subscribe ({@link ChangeSubscriber}). A change reaches this
 * replica's subscribers at once and every other replica through PostgreSQL {@code NOTIFY}/{@code LISTEN} within
 * milliseconds. After a lost connection nothing that happened meanwhile can be known, so on every re-subscription
 * subscribers are told {@link Change.Kind#EVERYTHING} and keys are verified afresh.
 */
@Internal("cache invalidation across replicas, published after authorized changes commit")
@ApplicationScoped
public class ChangeBus {

    static final String CHANNEL = "keyplane_invalidation";
    private static final Logger LOG = Logger.getLogger(ChangeBus.class);
    private static final int MAX_IDS_PER_MESSAGE = 400; // NOTIFY payloads stay well under 8000 bytes

    @Inject
    Instance<ChangeSubscriber> subscribers;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Inject
    MeterRegistry registry;
    @Inject
    KeyplaneConfig config;

    private PgSubscriber subscriber;
    private final AtomicInteger subscriptions = new AtomicInteger();
    /** This replica's heartbeats carry its id, so that it measures the round trip through PostgreSQL on its own clock. */
    private final String replica = UUID.randomUUID().toString();
    private volatile long lastHeartbeatBackNanos = System.nanoTime();
    private volatile double lagSeconds = Double.NaN;
    private Counter received;
    private Counter resubscriptions;

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("keyplane.invalidation.connected", this, bus -> bus.connected() ? 1 : 0)
                .description("1 while this replica listens on the invalidation channel").register(registry);
        Gauge.builder("keyplane.invalidation.lag", this, bus -> bus.lagSeconds).baseUnit("seconds")
                .description("Round trip of this replica's last heartbeat through the invalidation channel").register(registry);
        received = Counter.builder("keyplane.invalidation.messages").description("Invalidation messages received").register(registry);
        resubscriptions = Counter.builder("keyplane.invalidation.resubscriptions")
                .description("Re-subscriptions after a lost channel (each drops every cached key)").register(registry);
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy((Integer retries) -> 250L);
        subscriber.channel(CHANNEL)
                .subscribeHandler(ignored -> {
                    lastHeartbeatBackNanos = System.nanoTime(); // a fresh channel: judge it from now on
                    if (subscriptions.incrementAndGet() > 1) {
                        resubscriptions.increment();
                        LOG.info("Invalidation channel re-subscribed: dropping all cached keys");
                        deliver(new Change(Change.Kind.EVERYTHING, List.of()));
                    }
                })
                .handler(this::apply);
        subscriber.connect().onFailure(f -> LOG.warnf("Cannot listen for invalidations yet (%s); retrying", f.toString()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /** True while the channel's connection is up (a lost one is being re-established). */
    public boolean connected() {
        PgSubscriber s = subscriber;
        return s != null && s.actualConnection() != null;
    }

    /**
     * True when the channel is connected and carries messages: this replica's own heartbeat came back within
     * three heartbeat intervals. A connection that is up but delivers nothing counts as down, because caches
     * would then go stale unnoticed.
     */
    public boolean healthy() {
        return connected() && System.nanoTime() - lastHeartbeatBackNanos < config.invalidation().heartbeatInterval().multipliedBy(3).toNanos();
    }

    /** The last heartbeat round trip, in seconds; NaN before the first. */
    public double lagSeconds() {
        return lagSeconds;
    }

    @Scheduled(every = "${keyplane.invalidation.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        return connected() ? publish("h:" + replica + ":" + System.nanoTime()) : Uni.createFrom().voidItem();
    }

    /** Drops keys by lookup id, here and on every replica. */
    public Uni<Void> keys(Collection<String> lookupIds) {
        if (lookupIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = new ArrayList<>(lookupIds);
        deliver(new Change(Change.Kind.KEYS, ids));
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (int i = 0; i < ids.size(); i += MAX_IDS_PER_MESSAGE) {
            String payload = "k:" + String.join(",", ids.subList(i, Math.min(ids.size(), i + MAX_IDS_PER_MESSAGE)));
            sent = sent.chain(() -> publish(payload));
        }
        return sent;
    }

    /** Drops every cached key of an organization, here and on every replica. */
    public Uni<Void> organization(String organizationId) {
        deliver(new Change(Change.Kind.ORGANIZATION, List.of(organizationId)));
        return publish("o:" + organizationId);
    }

    /** Drops every cached key of a project (archived or deleted), here and on every replica. */
    public Uni<Void> project(String projectId) {
        deliver(new Change(Change.Kind.PROJECT, List.of(projectId)));
        return publish("p:" + projectId);
    }

    /** Drops a project's client-certificate binding ({@code null}: every project's), here and on every replica. */
    public Uni<Void> clientCertificates(String projectIdOrNull) {
        String subject = projectIdOrNull == null ? "*" : projectIdOrNull;
        deliver(new Change(Change.Kind.CLIENT_CERTIFICATES, List.of(subject)));
        return publish("c:" + subject);
    }

    /** Drops a project's cached rate limits, here and on every replica. */
    public Uni<Void> rateLimits(String projectId) {
        deliver(new Change(Change.Kind.RATE_LIMITS, List.of(projectId)));
        return publish("r:" + projectId);
    }

    private Uni<Void> publish(String payload) {
        return pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, payload))
                .replaceWithVoid()
                .onFailure().invoke(f -> LOG.warnf("Could not publish invalidation %s: %s", payload, f.toString()))
                .onFailure().recoverWithNull();
    }

    void apply(String payload) {
        if (payload == null || payload.length() < 2) {
            return;
        }
        received.increment();
        String body = payload.substring(2);
        switch (payload.charAt(0)) {
            case 'h' -> heartbeatBack(body);
            case 'k' -> deliver(new Change(Change.Kind.KEYS, List.of(body.split(","))));
            case 'o' -> deliver(new Change(Change.Kind.ORGANIZATION, List.of(body)));
            case 'p' -> deliver(new Change(Change.Kind.PROJECT, List.of(body)));
            case 'r' -> deliver(new Change(Change.Kind.RATE_LIMITS, List.of(body)));
            case 'c' -> deliver(new Change(Change.Kind.CLIENT_CERTIFICATES, List.of(body)));
            default -> LOG.debugf("Ignoring invalidation %s", payload);
        }
    }

    private void deliver(Change change) {
        for (ChangeSubscriber subscriber : subscribers) {
            subscriber.onChange(change);
        }
    }

    private void heartbeatBack(String body) {
        int colon = body.lastIndexOf(':');
        if (colon > 0 && body.substring(0, colon).equals(replica)) { // other replicas' clocks are not ours
            long now = System.nanoTime();
            lagSeconds = (now - Long.parseLong(body.substring(colon + 1))) / 1e9;
            lastHeartbeatBackNanos = now;
        }
    }
}
