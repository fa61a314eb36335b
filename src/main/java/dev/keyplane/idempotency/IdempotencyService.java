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
 * {@code Idempotency-Key} for creating POSTs: the same key with the same request within 24 hours replays
 * the first response; with a different request it is refused with 422. The record is written in the
 * same transaction as the object it describes, so a retry can never create a duplicate; two concurrent
 * first attempts race on the record's primary key and the loser replays the winner's response.
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
     * @param operation  the operation id, so a key reused on another operation counts as a different request
     * @param request    the parsed request (path ids included), fingerprinted as canonical JSON
     * @param forStorage what of the response may be stored (e.g. with the raw key redacted)
     */
    public <T> Uni<Outcome<T>> run(Caller caller, String key, String operation, Object request, Class<T> responseType,
                                   Function<T, T> forStorage, Supplier<Uni<T>> action) {
        if (key == null) {
            return action.get().map(body -> new Outcome<>(body, false));
        }
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return Uni.createFrom().failure(ApiException.invalid(HEADER,
                    "Idempotency-Key must be 1 to 255 printable ASCII characters."));
        }
        String scope = caller.organizationId() == null ? SYSTEM_SCOPE : caller.organizationId();
        String hash = fingerprint(operation, request);
        Supplier<Uni<Outcome<T>>> attempt = () -> Panache.withTransaction(() ->
                IdempotencyRecord.<IdempotencyRecord>findById(new IdempotencyRecord.RecordId(scope, key))
                        .chain(existing -> {
                            Instant horizon = Instant.now().minus(RETENTION);
                            if (existing != null && existing.createdAt.isAfter(horizon)) {
                                return Uni.createFrom().item(replay(existing, hash, responseType));
                            }
                            Uni<Void> clearStale = existing == null ? Uni.createFrom().voidItem() : existing.delete().call(Panache::flush);
                            return clearStale.chain(() -> action.get())
                                    .call(body -> store(scope, key, hash, forStorage.apply(body)))
                                    .map(body -> new Outcome<>(body, false));
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
                            return replay(existing, hash, responseType);
                        }));
    }

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
