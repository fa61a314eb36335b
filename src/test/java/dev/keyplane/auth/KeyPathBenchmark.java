package dev.keyplane.auth;

import dev.keyplane.access.Caller;
import dev.keyplane.access.KeyKind;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.secrets.TestKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CPU cost of the data plane's hot path without HTTP: parsing a presented key, checking its
 * checksum, hashing it and finding it in the verified-key cache, for a cache of 10,000 and of 1,000,000
 * keys. Run with {@code deploy/bench/jmh.sh}; not part of {@code ./mvnw verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class KeyPathBenchmark {

    private static final int PRESENTED = 4096; // keys the loop cycles through (a power of two)

    @Param({"10000", "1000000"})
    int cachedKeys;

    private KeyAuthenticator authenticator;
    private String[] cached;
    private String[] wrongSecret;
    private String[] badChecksum;
    private String[] unknown;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        VerifiedKeyCache cache = new VerifiedKeyCache();
        cache.init(cachedKeys, Duration.ofHours(1));
        authenticator = new KeyAuthenticator();
        authenticator.cache = cache;
        authenticator.lastUsed = new LastUsedRecorder(); // touch() only records in memory
        Caller owner = new Caller("key_bench", "org_bench", KeyKind.SERVICE_ACCOUNT, "proj_bench", "member",
                "service_account", "user_bench", null, ProjectRole.MEMBER.permissions(), List.of());
        cached = new String[PRESENTED];
        wrongSecret = new String[PRESENTED];
        badChecksum = new String[PRESENTED];
        unknown = new String[PRESENTED];
        int every = cachedKeys / PRESENTED;
        for (int i = 0; i < cachedKeys; i++) {
            KeyFormat.NewKey key = KeyFormat.generate(KeyKind.SERVICE_ACCOUNT);
            cache.putIfUnchanged(key.lookupId(), new VerifiedKeyCache.Entry(KeyAuthenticator.sha256(key.raw()), owner, null), cache.epoch());
            if (i % every == 0 && i / every < PRESENTED) {
                int slot = i / every;
                cached[slot] = key.raw();
                wrongSecret[slot] = TestKeys.withOtherSecret(key.raw());
                badChecksum[slot] = TestKeys.withBadChecksum(key.raw());
                unknown[slot] = KeyFormat.generate(KeyKind.SERVICE_ACCOUNT).raw();
            }
        }
    }

    /** Shape and CRC32 checksum only. */
    @Benchmark
    public KeyFormat.ParsedKey parseAndChecksum() {
        return KeyFormat.parse(cached[next++ & (PRESENTED - 1)]);
    }

    /** The whole cache-hit path: parse, checksum, lookup, SHA-256 comparison, expiry, last-used note. */
    @Benchmark
    public KeyStatus cachedKey() {
        return authenticator.inspectWithoutIo(cached[next++ & (PRESENTED - 1)]);
    }

    /** A cached lookup id with another secret: refused from the cache, no Argon2. */
    @Benchmark
    public KeyStatus wrongSecretOfCachedKey() {
        return authenticator.inspectWithoutIo(wrongSecret[next++ & (PRESENTED - 1)]);
    }

    /** A typo: refused by the checksum before the cache. */
    @Benchmark
    public KeyStatus badChecksum() {
        return authenticator.inspectWithoutIo(badChecksum[next++ & (PRESENTED - 1)]);
    }

    /** A well-formed key that is not cached: the miss that would go to the database (not included). */
    @Benchmark
    public KeyStatus cacheMiss() {
        return authenticator.inspectWithoutIo(unknown[next++ & (PRESENTED - 1)]);
    }
}
