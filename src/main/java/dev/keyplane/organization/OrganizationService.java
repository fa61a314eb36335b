package dev.keyplane.organization;

import dev.keyplane.access.Caller;
import dev.keyplane.access.OrgRole;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.apikey.ApiKeyService;
import dev.keyplane.secrets.KeyPrefix;
import dev.keyplane.audit.Audit;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Keyset;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.Timestamps;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.user.User;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.Map;

/** Organizations: created by the operator (system key) or at bootstrap, each with an owner and a first admin key. */
@ApplicationScoped
@CompletesDespiteCancellation
public class OrganizationService {

    /** A new organization with its owner and first admin key (raw value shown once). */
    public record Founded(Organization organization, User owner, ApiKeyService.KeyView adminKey) {}

    @Inject
    ApiKeyService keys;
    @Inject
    IdempotencyService idempotency;

    @RequiresPermission(Permission.ORGANIZATIONS_MANAGE)
    public <R> Uni<Outcome<R>> create(Caller caller, String name, String ownerEmail, String ownerName,
            Idempotent<Founded, R> idempotent) {
        return keys.prepare(KeyPrefix.ADMIN).chain(ownerKey -> idempotency.run(caller, idempotent, "create-organization",
                Arrays.asList(name, ownerEmail, ownerName),
                () -> createOnce(caller, name, ownerEmail, ownerName, ownerKey), IdempotencyService.NOTHING));
    }

    private Uni<Founded> createOnce(Caller caller, String name, String ownerEmail, String ownerName, ApiKeyService.Prepared ownerKey) {
        return Panache.withTransaction(() -> found(name, ownerEmail, ownerName, ownerKey));
    }

    @RequiresPermission(Permission.ORGANIZATIONS_MANAGE)
    @WithSession
    public Uni<Page<Organization>> list(Caller caller, PageRequest page) {
        return Keyset.page(page, "1 = 1", Map.of(),
                (q, p) -> Organization.<Organization>find(q, p), o -> o.id);
    }

    /** Creates organization, owner user and owner admin key ({@linkplain ApiKeyService#prepare prepared}); must run inside a transaction. */
    Uni<Founded> found(String name, String ownerEmail, String ownerName, ApiKeyService.Prepared adminKey) {
        Organization org = new Organization();
        org.id = Ids.newId(IdPrefix.ORGANIZATION);
        org.name = name;
        org.createdAt = Timestamps.now();
        User owner = new User();
        owner.id = Ids.newId(IdPrefix.USER);
        owner.organizationId = org.id;
        owner.email = ownerEmail;
        owner.name = ownerName;
        owner.role = OrgRole.OWNER;
        owner.createdAt = org.createdAt;
        owner.updatedAt = org.createdAt;
        Caller operator = Caller.system();
        return org.persist()
                .chain(owner::persist)
                .chain(() -> keys.mintAdminKey(org.id, owner, "Owner key", OrgRole.OWNER, null, adminKey))
                // the operator's doing: logged without an actor, in the new organization's own log
                .call(() -> Audit.record(operator, org.id, "organization.created",
                        Audit.created(org.id, Audit.fields("name", org.name, "owner_email", owner.email))))
                .call(key -> Audit.record(operator, org.id, "user.added",
                        Audit.created(owner.id, Audit.fields("email", owner.email, "role", OrgRole.OWNER.wire()))))
                .call(key -> Audit.record(operator, org.id, "api_key.created", Audit.created(key.key().id,
                        Audit.fields("name", key.key().name, "owner_type", "user", "owner_id", owner.id, "role", OrgRole.OWNER.wire()))))
                .map(key -> new Founded(org, owner, key));
    }
}
