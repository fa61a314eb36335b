package dev.keyplane.provision;

import java.io.PrintStream;
import java.util.UUID;

/**
 * One run of the {@link Reconciler}, shared by the reconcilers of each kind of thing: the client, the key
 * files, whether to apply and prune, the count of changes and the Idempotency-Keys. Kept in one place so
 * every change is printed and counted the same way and the keys stay unique across the whole run.
 */
final class Reconciliation {

    final KeyplaneClient api;
    final KeyFiles files;
    /** {@code false} in a dry run: changes are printed, not made. */
    final boolean apply;
    /** Also delete what a named project holds that the file does not name. */
    final boolean prune;
    private final PrintStream out;
    /** Idempotency-Keys of this run: a retried create replays its first answer instead of creating twice. */
    private final String run = UUID.randomUUID().toString();
    private int sequence;
    private int changes;

    Reconciliation(KeyplaneClient api, KeyFiles files, PrintStream out, boolean apply, boolean prune) {
        this.api = api;
        this.files = files;
        this.out = out;
        this.apply = apply;
        this.prune = prune;
    }

    /** Counts and prints one change (made, or in a dry run, that would be made). */
    void change(String description) {
        changes++;
        out.println((apply ? "" : "[dry run] ") + description);
    }

    /** A note that is not a change of its own (e.g. a fallback taken while making one). */
    void note(String line) {
        out.println(line);
    }

    String idempotencyKey() {
        return "provision-" + run + "-" + (++sequence);
    }

    int changes() {
        return changes;
    }
}
