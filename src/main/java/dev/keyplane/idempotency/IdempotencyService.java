package dev.keyplane.idempotency;

import dev.keyplane.access.Internal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.access.Caller;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.Constraints;
import dev.keyplane.common.Timestamps;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for creating writes, applied at the service boundary: a creating service method takes an
 * {@link Idempotent} from its adapter and runs its write through {@link #run}. The same key with the same request
 * within 24 hours replays the first response; with a different request it is refused with 422. The record is
 * written in the same transaction as the object it describes, so a retry can never create a duplicate; two
 * concurrent first attempts race on the record's primary key and the loser replays the winner's response.
 * Responses carrying a raw key are stored with the key redacted: secrets are never kept at rest.
 */
@Internal("wraps operations that declare their own authorization; records are scoped to the caller")
@ApplicationScoped
@CompletesDespiteCancellation
public class IdempotencyService {

    public static final String HEADER = "Idempotency-Key";
    static final Duration RETENTION = Duration.ofHours(24);
    private static final String SYSTEM_SCOPE = "system";
    private static final String PRIMARY_KEY = "idempotency_records_pkey";

    /** The response body and whether it is a replay of an earlier request. */
    public record Outcome<T>(T body, boolean replayed) {}

    @Inject
    ObjectMapper mapper;

    /**
     * Runs a creating service method's write once per {@code Idempotency-Key}, the one place the key is applied.
     * Without a key, {@code write} runs as it is (it opens its own transaction). With one, {@code write} and the record
     * of its response share one transaction, which the write's own joins; a repeat within 24 hours replays the stored
     * response, a different request with the same key is refused with 422.
     * <p>
     * {@code afterCommit} (e.g. publishing a change to other replicas) runs only once the outermost transaction has
     * committed, and only for a fresh write: published earlier, another replica could re-read the old state and
     * cache it, and the publication would wait for a second pooled connection while the transaction holds one.
     *
     * @param operation the service operation, so a key reused on another operation counts as a different request
     * @param request   the operation's arguments (path ids included, prepared secrets excluded), fingerprinted as JSON
     */
    public <E, R> Uni<Outcome<R>> run(Caller caller, Idempotent<E, R> idempotent, String operation, Object request,
                                      Supplier<Uni<E>> write, Function<? super E, Uni<?>> afterCommit) {
        String key = idempotent.key();
        if (key == null) {
            return write.get().call(made -> afterCommit.apply(made)).map(made -> new Outcome<>(idempotent.response().apply(made), false));
        }
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return Uni.createFrom().failure(ApiException.invalid(HEADER,
                    "Idempotency-Key must be 1 to 255 printable ASCII characters."));
        }
        String scope = caller.organizationId() == null ? SYSTEM_SCOPE : caller.organizationId();
        // the dialect's response type is part of the request: the same key sent through another dialect is another request
        String hash = fingerprint(operation + "\0" + idempotent.responseType().getName(), request);
        Class<R> type = idempotent.responseType();
        Supplier<Uni<Fresh<E, R>>> attempt = () -> Panache.withTransaction(() ->
                IdempotencyRecord.<IdempotencyRecord>findById(new IdempotencyRecord.RecordId(scope, key))
                        .chain(existing -> {
                            Instant horizon = Instant.now().minus(RETENTION);
                            if (existing != null && existing.createdAt.isAfter(horizon)) {
                                return Uni.createFrom().item(new Fresh<E, R>(null, replay(existing, hash, type)));
                            }
                            Uni<Void> clearStale = existing == null ? Uni.createFrom().voidItem() : existing.delete().call(Panache::flush);
                            return clearStale.chain(() -> write.get())
                                    .map(made -> new Fresh<E, R>(made, new Outcome<>(idempotent.response().apply(made), false)))
                                    .call(fresh -> store(scope, key, hash, idempotent.forStorage().apply(fresh.outcome().body())));
                        }));
        // A concurrent request with the same key that won commits its record; the loser fails on the record's
        // primary key, or earlier on the change's own uniqueness (a name taken by the winner): either way,
        // it answers the winner's response (a replay) when that record now exists, and its own failure otherwise.
        return attempt.get()
                .onFailure(f -> Constraints.violated(f, PRIMARY_KEY))
                .recoverWithUni(() -> attempt.get())
                .onFailure(f -> !(f instanceof ApiException api && api.kind() != dev.keyplane.common.ErrorKind.CONFLICT))
                .recoverWithUni(f -> Panache.withSession(() -> IdempotencyRecord.<IdempotencyRecord>findById(new IdempotencyRecord.RecordId(scope, key)))
                        .map(existing -> {
                            if (existing == null || existing.createdAt.isBefore(Instant.now().minus(RETENTION))) {
                                throw f instanceof RuntimeException r ? r : new IllegalStateException(f);
                            }
                            return new Fresh<E, R>(null, replay(existing, hash, type));
                        }))
                .call(fresh -> fresh.made() == null ? Uni.createFrom().voidItem() : afterCommit.apply(fresh.made()))
                .map(Fresh::outcome);
    }

    /** For a write that tells nobody after it commits. */
    public static final Function<Object, Uni<?>> NOTHING = made -> Uni.createFrom().voidItem();

    /** An outcome and, when it is not a replay, what the write made (for {@code afterCommit}). */
    private record Fresh<E, R>(E made, Outcome<R> outcome) {}

    /** Drops records past their retention; they would be ignored anyway, this only keeps the table small. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        return Panache.withTransaction(() -> IdempotencyRecord.delete("createdAt < ?1", Instant.now().minus(RETENTION)))
                .replaceWithVoid();
    }

    private <T> Outcome<T> replay(IdempotencyRecord record, String hash, Class<T> type) {
        if (!record.requestHash.equals(hash)) {
            throw ApiException.unprocessable("idempotency_key_reused",
                    "This Idempotency-Key was already used with a different request.", HEADER);
        }
        try {
            return new Outcome<>(mapper.readValue(record.responseBody, type), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable idempotency record", e);
        }
    }

    private Uni<Void> store(String scope, String key, String hash, Object body) {
        IdempotencyRecord record = new IdempotencyRecord();
        record.organizationId = scope;
        record.idempotencyKey = key;
        record.requestHash = hash;
        record.responseStatus = 200;
        record.createdAt = Timestamps.now();
        try {
            record.responseBody = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return record.persistAndFlush().replaceWithVoid();
    }

    private String fingerprint(String operation, Object request) {
        try {
            byte[] json = mapper.writeValueAsBytes(request);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(operation.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
