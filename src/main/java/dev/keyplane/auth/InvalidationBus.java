package dev.keyplane.auth;

import dev.keyplane.certificate.ClientCertificateBindings;
import dev.keyplane.ratelimit.RateLimiter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps every replica's caches coherent. A change drops the local entries at once and publishes the
 * same invalidation with PostgreSQL {@code NOTIFY}; every replica {@code LISTEN}s and applies it within
 * milliseconds. After a lost connection nothing that happened meanwhile can be known, so on every
 * re-subscription the whole cache is dropped and keys are verified afresh.
 */
@ApplicationScoped
public class InvalidationBus {

    static final String CHANNEL = "keyplane_invalidation";
    private static final Logger LOG = Logger.getLogger(InvalidationBus.class);
    private static final int MAX_IDS_PER_MESSAGE = 400; // NOTIFY payloads stay well under 8000 bytes

    @Inject
    VerifiedKeyCache cache;
    @Inject
    RateLimiter rateLimiter;
    @Inject
    ClientCertificateBindings certificateBindings;
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

    private PgSubscriber subscriber;
    private final AtomicInteger subscriptions = new AtomicInteger();

    void onStart(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy((Integer retries) -> 250L);
        subscriber.channel(CHANNEL)
                .subscribeHandler(ignored -> {
                    if (subscriptions.incrementAndGet() > 1) {
                        LOG.info("Invalidation channel re-subscribed: dropping all cached keys");
                        cache.clear();
                        rateLimiter.forgetAll();
                        certificateBindings.forgetAll();
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

    /** Drops keys by lookup id, here and on every replica. */
    public Uni<Void> keys(Collection<String> lookupIds) {
        if (lookupIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        cache.invalidateAll(lookupIds);
        List<String> ids = new ArrayList<>(lookupIds);
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (int i = 0; i < ids.size(); i += MAX_IDS_PER_MESSAGE) {
            String payload = "k:" + String.join(",", ids.subList(i, Math.min(ids.size(), i + MAX_IDS_PER_MESSAGE)));
            sent = sent.chain(() -> publish(payload));
        }
        return sent;
    }

    /** Drops every cached key of an organization, here and on every replica. */
    public Uni<Void> organization(String organizationId) {
        cache.invalidateOrganization(organizationId);
        return publish("o:" + organizationId);
    }

    /** Drops a project's client-certificate binding ({@code null}: every project's), here and on every replica. */
    public Uni<Void> clientCertificates(String projectIdOrNull) {
        forgetCertificates(projectIdOrNull == null ? "*" : projectIdOrNull);
        return publish("c:" + (projectIdOrNull == null ? "*" : projectIdOrNull));
    }

    private void forgetCertificates(String projectIdOrStar) {
        if ("*".equals(projectIdOrStar)) {
            certificateBindings.forgetAll();
        } else {
            certificateBindings.forget(projectIdOrStar);
        }
    }

    /** Drops a project's cached rate limits, here and on every replica. */
    public Uni<Void> rateLimits(String projectId) {
        rateLimiter.forgetProject(projectId);
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
        String body = payload.substring(2);
        switch (payload.charAt(0)) {
            case 'k' -> cache.invalidateAll(List.of(body.split(",")));
            case 'o' -> cache.invalidateOrganization(body);
            case 'r' -> rateLimiter.forgetProject(body);
            case 'c' -> forgetCertificates(body);
            default -> LOG.debugf("Ignoring invalidation %s", payload);
        }
    }
}
