package dev.keyplane;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Keyplane's own settings; every one can be set as an environment variable ({@code KEYPLANE_...}). */
@ConfigMapping(prefix = "keyplane")
public interface KeyplaneConfig {

    /** A key for the operator API ({@code /v1/organizations}); unset disables that API. */
    Optional<String> systemKey();

    Argon2 argon2();

    Auth auth();

    Bootstrap bootstrap();

    Certificates certificates();

    Audit audit();

    Webhooks webhooks();

    Quotas quotas();

    Invalidation invalidation();

    Api api();

    Metrics metrics();

    Health health();

    Redis redis();

    Console console();

    interface Console {
        /** A console session without a request for this long ends. */
        @WithDefault("30m")
        Duration idleTimeout();

        /** A console session ends this long after sign-in, however active. */
        @WithDefault("12h")
        Duration absoluteTimeout();
    }

    interface Redis {
        /**
         * A Redis-protocol server ({@code redis://host:6379}; Redis 7 or Valkey) where every replica counts the rate
         * limits (the verified keys' and the management API's), so that they hold across replicas. Unset: each
         * replica counts its own.
         */
        Optional<String> url();

        /** What a limit does while the server is unreachable: {@code local} counts per replica, {@code closed} refuses. */
        @WithDefault("local")
        FailureMode failureMode();

        /** How long a decision waits for the server before it falls back. */
        @WithDefault("100ms")
        Duration timeout();

        /** After a failure the server is left alone this long (decisions fall back), then tried again. */
        @WithDefault("1s")
        Duration retryAfter();

        /**
         * The largest share of a per-minute limit one replica takes from the server at once and then admits without
         * asking again (a lease; it grows from one request while it is used up and shrinks when it is not). Zero asks
         * the server for every request. Leased requests are counted on the server before they are admitted, so a
         * lease never admits more than the limit; what a replica leaves unspent is lost (at most this share per
         * replica, when the limit is reached).
         */
        @WithDefault("0.01")
        double leaseShare();

        /** How long a lease may be spent: a request admitted from it is at most this late against the server's count. */
        @WithDefault("1s")
        Duration leaseTtl();

        enum FailureMode { LOCAL, CLOSED }
    }

    interface Health {
        /** Health answers include why a check is down (hosts, ports, driver messages): for debugging only. */
        @WithDefault("false")
        boolean details();
    }

    interface Metrics {
        /** Meters are recorded (and served at /q/metrics); false turns them into no-ops. */
        @WithDefault("true")
        boolean enabled();
    }

    /** The embedded PostgreSQL of dev mode and tests (read by {@code EmbeddedPostgresConfigSourceFactory}). */
    EmbeddedDb embeddedDb();

    interface Api {
        /**
         * Management-API requests allowed per minute and credential (a burst of that many, then that rate),
         * per replica; past it, 429 with Retry-After. The data plane is not limited by it.
         */
        @WithDefault("3000")
        int requestsPerMinute();
    }

    interface Invalidation {
        /** How often each replica sends itself a heartbeat through the channel; three missed ones make it unready. */
        @WithDefault("5s")
        Duration heartbeatInterval();
    }

    interface Audit {
        /** How long audit rows are kept; older ones are purged in batches every hour. */
        @WithDefault("365d")
        Duration retention();
    }

    interface Webhooks {
        /** Whether this replica delivers (every replica writes the outbox either way). */
        @WithDefault("true")
        boolean dispatch();

        /** How often a replica looks for due deliveries. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Deliveries in flight at once on one replica, so that slow receivers cannot take every connection. */
        @WithDefault("16")
        int maxConcurrent();

        /** How long a claimed delivery belongs to its replica; past that another replica may take it over. */
        @WithDefault("60s")
        Duration lease();

        @WithDefault("5s")
        Duration connectTimeout();

        /** The whole exchange, from connecting to the last byte of the response. */
        @WithDefault("15s")
        Duration responseTimeout();

        /** Bytes of a response read at most; a larger response is cut off (the first 1 KiB is logged). */
        @WithDefault("65536")
        int maxResponseBytes();

        /** The first retry's delay; each following one doubles it, up to {@code retry-max-delay}, with ±20 % jitter. */
        @WithDefault("5s")
        Duration retryBase();

        @WithDefault("10h")
        Duration retryMaxDelay();

        /** How long after the event retries go on before the delivery is given up. */
        @WithDefault("3d")
        Duration retryFor();

        /** An endpoint failing this long without a success is disabled ({@code webhook.disabled}). */
        @WithDefault("5d")
        Duration disableAfter();

        /** An endpoint failing this many attempts in a row is disabled too (unset: only the duration counts). */
        OptionalInt disableAfterAttempts();

        /**
         * Attempts kept per delivery ({@code GET …/deliveries/{id}/attempts}); older ones go as new ones come. The
         * default holds a whole default retry window (about 20 attempts over 3 days) with room for manual retries.
         */
        @WithDefault("25")
        int attemptsPerDelivery();

        /** How long attempts are kept; older ones are purged hourly (the delivery keeps its last one). */
        @WithDefault("30d")
        Duration attemptRetention();

        /**
         * Networks (CIDR) webhook URLs may reach although they are private, loopback, link-local and so on,
         * and where plain {@code http} is allowed: e.g. {@code 10.20.0.0/16} for an intranet receiver.
         */
        Optional<java.util.List<String>> allowedNetworks();
    }

    /**
     * Default limits on counts, written to the database at start (where triggers enforce them); the operator
     * overrides them per organization ({@code POST /v1/organizations/{id}/quotas}).
     */
    interface Quotas {
        @WithDefault("1000")
        int projects();

        /** Project and service-account keys, per project. */
        @WithDefault("1000")
        int keysPerProject();

        @WithDefault("1000")
        int membersPerProject();

        @WithDefault("100")
        int serviceAccountsPerProject();

        @WithDefault("10000")
        int resourcesPerProject();

        /** Per project, and for the organization's own (organization-wide) endpoints. */
        @WithDefault("20")
        int webhooks();

        /** Per organization (the reference's limit). */
        @WithDefault("50")
        int certificates();
    }

    interface Certificates {
        /** How many certificates one upload may hold: the leaf and its intermediates. */
        @WithDefault("5")
        int maxChainLength();
    }

    interface EmbeddedDb {
        /** Set to false to use KEYPLANE_DB_* even in dev mode. */
        @WithDefault("true")
        boolean enabled();

        /** Dev mode's data directory; defaults to ~/.keyplane/dev-postgres. Tests always use a fresh one. */
        Optional<String> dataDir();

        /** Dev mode's port (default 54329); tests pick a free one. */
        OptionalInt port();
    }

    interface Argon2 {
        /** Memory cost in KiB (OWASP minimum for Argon2id: 19 MiB). */
        @WithDefault("19456")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();

        /** Hashes computed at once; defaults to the number of cores. */
        OptionalInt maxConcurrency();

        /**
         * Hashes allowed to wait for a thread; past that, requests get a fast 503. 32 waiting at ~25
         * hashes per second per core bounds the wait to well under a second on two cores.
         */
        @WithDefault("32")
        int maxQueued();
    }

    interface Auth {
        /** Verified keys kept in memory. */
        @WithDefault("1000000")
        long cacheMaxSize();

        /** How long a verified key is trusted before it is checked against the database again. */
        @WithDefault("10m")
        Duration cacheTtl();

        /** How often {@code last_used_at} is written (one batched write per interval). */
        @WithDefault("10s")
        Duration lastUsedFlushInterval();
    }

    interface Bootstrap {
        /** Create the default organization and its owner key on the first start against an empty database. */
        @WithDefault("true")
        boolean enabled();

        /** The first admin key, e.g. injected by Kubernetes; generated when unset. */
        Optional<String> adminKey();

        /** Where a generated first admin key is written (owner-only permissions). */
        @WithDefault("${user.home}/.keyplane/bootstrap-admin-key")
        String keyFile();

        @WithDefault("Default Organization")
        String organizationName();

        @WithDefault("admin@keyplane.local")
        String ownerEmail();
    }
}
