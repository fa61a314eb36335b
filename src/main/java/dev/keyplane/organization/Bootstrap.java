package dev.keyplane.organization;

import dev.keyplane.KeyplaneConfig;
import dev.keyplane.apikey.ApiKeyService;
import dev.keyplane.secrets.KeyPrefix;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * On the first start against an empty database: creates the default organization, its owner and an
 * owner admin key. The key comes from {@code KEYPLANE_BOOTSTRAP_ADMIN_KEY} when set; otherwise it is
 * generated, logged once and written to an owner-only file. Replicas starting together are serialized
 * by an advisory lock, so exactly one of them bootstraps.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);
    private static final long BOOTSTRAP_LOCK = 0x6b6579706c616e65L; // "keyplane"

    @Inject
    OrganizationService organizations;
    @Inject
    ApiKeyService keys;
    @Inject
    KeyplaneConfig config;

    void onStart(@Observes StartupEvent event) throws Throwable {
        KeyplaneConfig.Bootstrap settings = config.bootstrap();
        if (!settings.enabled()) {
            return;
        }
        String preset = settings.adminKey().filter(k -> !k.isBlank()).orElse(null);
        if (VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Organization.count())) > 0) {
            return; // bootstrapped before: no key to hash (the locked check below settles a race of replicas)
        }
        // hashed before the transaction, which then holds its connection for the statements only
        ApiKeyService.Prepared adminKey = VertxContextSupport.subscribeAndAwait(() -> keys.prepare(KeyPrefix.ADMIN, preset));
        OrganizationService.Founded founded = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                Panache.getSession()
                        .chain(session -> session.createNativeQuery("SELECT pg_advisory_xact_lock(" + BOOTSTRAP_LOCK + ")")
                                .getSingleResult())
                        .chain(ignored -> Organization.count())
                        .chain(count -> count > 0
                                ? io.smallrye.mutiny.Uni.createFrom().nullItem()
                                : organizations.found(settings.organizationName(), settings.ownerEmail(), "Owner", adminKey))));
        if (founded == null) {
            return;
        }
        if (preset != null) {
            LOG.infof("Bootstrapped organization %s with the admin key from KEYPLANE_BOOTSTRAP_ADMIN_KEY (key id %s).",
                    founded.organization().id, founded.adminKey().key().id);
            return;
        }
        Path file = Path.of(settings.keyFile());
        writeOwnerOnly(file, founded.adminKey().rawValue());
        if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            // production logs are shipped and kept: the key goes to the owner-only file alone
            LOG.infof("Bootstrapped organization %s; its owner admin key (key id %s) was written to %s, and only there.",
                    founded.organization().id, founded.adminKey().key().id, file);
            return;
        }
        LOG.infof("""

                ==================================================================================
                Keyplane bootstrapped organization %s.
                Its owner admin key is shown this once, in dev mode only (also saved to %s):

                    %s

                ==================================================================================""",
                founded.organization().id, file, founded.adminKey().rawValue());
    }

    private static void writeOwnerOnly(Path file, String content) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content + System.lineSeparator(), StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warnf("Could not write the bootstrap admin key to %s: %s", file, e.toString());
        }
    }
}
