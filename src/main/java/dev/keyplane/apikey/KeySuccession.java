package dev.keyplane.apikey;

import io.smallrye.mutiny.Uni;

/**
 * What else a roll carries over from a key to its successor, inside the roll's transaction. Features that hang
 * data off a key implement it (per-key rate limits do), so the key feature need not know them.
 */
public interface KeySuccession {

    Uni<Void> carryOver(ApiKey old, ApiKey successor);
}
