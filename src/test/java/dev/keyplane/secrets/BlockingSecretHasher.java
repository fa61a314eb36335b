package dev.keyplane.secrets;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hasher a test can hold mid-hash: once {@link #arm()}ed, the next hash signals {@link #started} and waits (on a
 * worker thread) until {@link #release()}. Enabled only by the test profiles that name it.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class BlockingSecretHasher extends SecretHasher {

    public static volatile CountDownLatch started;
    private static volatile CountDownLatch released;

    public static void arm() {
        started = new CountDownLatch(1);
        released = new CountDownLatch(1);
    }

    public static void release() {
        CountDownLatch r = released;
        released = null;
        if (r != null) {
            r.countDown();
        }
    }

    @Override
    public Uni<String> hash(String secret) {
        CountDownLatch hold = released;
        CountDownLatch signal = started;
        if (hold == null) {
            return super.hash(secret);
        }
        // waits on a worker and completes on the caller's Vert.x context, as the real hash does (Hibernate needs it)
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(() -> {
                    signal.countDown();
                    hold.await(30, TimeUnit.SECONDS);
                    return secret;
                }, false).toCompletionStage())
                .chain(super::hash);
    }
}
