package dev.keyplane.webhook;

import dev.keyplane.access.Caller;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.audit.Audit;
import dev.keyplane.audit.AuditEventTypes;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.common.Keyset;
import dev.keyplane.common.Lookup;
import dev.keyplane.common.Page;
import dev.keyplane.common.PageRequest;
import dev.keyplane.common.Timestamps;
import dev.keyplane.idempotency.IdempotencyService.Outcome;
import dev.keyplane.idempotency.IdempotencyService;
import dev.keyplane.idempotency.Idempotent;
import dev.keyplane.project.Project;
import dev.keyplane.project.ProjectLookup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Webhook endpoints of an organization ({@code projectId} null: every event of the organization) or of one
 * project, and their delivery logs. The deliveries themselves are written by the outbox trigger with each
 * audit row and sent by {@link WebhookDispatcher}.
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks. (An endpoint's own changes too: they are
 * {@code webhook.*} events like any other.)
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class WebhookService {

    /** What a create or modify gives; null fields are left as they are (create: defaults). */
    public record Draft(String url, List<String> eventTypes, String description, Boolean enabled) {}

    /** An endpoint with its secret, shown once: on create and on rotation. */
    public record WithSecret(WebhookEndpoint endpoint, String secret) {}

    @Inject
    WebhookTargets targets;
    @Inject
    IdempotencyService idempotency;
    @Inject
    io.vertx.core.Vertx vertx;

    @WithSession
    @RequiresPermission(Permission.WEBHOOKS_READ)
    public Uni<Page<WebhookEndpoint>> list(Caller caller, @InProject String projectId, PageRequest page) {
        return scope(caller, projectId, false).chain(project -> {
            Map<String, Object> params = new HashMap<>();
            params.put("org", caller.organizationId());
            String where = "organizationId = :org and ";
            if (project.isPresent()) {
                params.put("project", project.get().id);
                where += "projectId = :project";
            } else {
                where += "projectId is null";
            }
            return Keyset.page(page, where, params, (q, p) -> WebhookEndpoint.<WebhookEndpoint>find(q, p),
                    w -> w.id);
        });
    }

    /**
     * Creates an endpoint of the organization ({@code projectId} null) or of a project. Fails with 409 {@code quota_exceeded}
     * when that scope already holds its {@code webhooks} quota (the organization's and each project's count apart).
     */
    @RequiresPermission(Permission.WEBHOOKS_WRITE)
    public <R> Uni<Outcome<R>> create(Caller caller, @InProject String projectId, Draft draft,
            Idempotent<WithSecret, R> idempotent) {
        return idempotency.run(caller, idempotent, "create-webhook", Arrays.asList(projectId, draft),
                () -> createOnce(caller, projectId, draft), IdempotencyService.NOTHING);
    }

    private Uni<WithSecret> createOnce(Caller caller, String projectId, Draft draft) {
        if (draft.url() == null) {
            return Uni.createFrom().failure(ApiException.invalid("url", "url is required."));
        }
        List<String> eventTypes;
        try {
            eventTypes = eventTypes(draft.eventTypes() == null ? List.of("*") : draft.eventTypes());
        } catch (ApiException refused) {
            return Uni.createFrom().failure(refused);
        }
        return checkReachable(draft.url()).chain(() -> Panache.withTransaction(() ->
                scope(caller, projectId, true).chain(project -> {
                    WebhookEndpoint endpoint = new WebhookEndpoint();
                    endpoint.id = Ids.newId(IdPrefix.WEBHOOK);
                    endpoint.organizationId = caller.organizationId();
                    endpoint.projectId = project.map(p -> p.id).orElse(null);
                    endpoint.url = draft.url();
                    endpoint.description = draft.description();
                    endpoint.eventTypes = eventTypes.toArray(new String[0]);
                    endpoint.enabled = draft.enabled() == null || draft.enabled();
                    endpoint.secret = WebhookSignature.newSecret();
                    endpoint.createdAt = Timestamps.now();
                    endpoint.updatedAt = endpoint.createdAt;
                    endpoint.createdBy = caller.ownerId();
                    return endpoint.<WebhookEndpoint>persistAndFlush()
                            .call(created -> audit(caller, project, "webhook.created", Audit.created(created.id, Audit.fields(
                                    "url", created.url, "event_types", List.of(created.eventTypes), "enabled", created.enabled))))
                            .map(created -> new WithSecret(created, created.secret));
                })));
    }

    @WithSession
    @RequiresPermission(Permission.WEBHOOKS_READ)
    public Uni<WebhookEndpoint> get(Caller caller, @InProject String projectId, String webhookId) {
        return scope(caller, projectId, false).chain(project -> find(caller, project, webhookId));
    }

    @RequiresPermission(Permission.WEBHOOKS_WRITE)
    public Uni<WebhookEndpoint> update(Caller caller, @InProject String projectId, String webhookId, Draft changes) {
        if (changes.url() == null && changes.eventTypes() == null && changes.description() == null && changes.enabled() == null) {
            return Uni.createFrom().failure(ApiException.invalid(null, "Give at least one field to change."));
        }
        List<String> eventTypes;
        try {
            eventTypes = changes.eventTypes() == null ? null : eventTypes(changes.eventTypes());
        } catch (ApiException refused) {
            return Uni.createFrom().failure(refused);
        }
        Uni<Void> reachable = changes.url() == null ? Uni.createFrom().voidItem() : checkReachable(changes.url());
        return reachable.chain(() -> Panache.withTransaction(() -> scope(caller, projectId, true)
                .chain(project -> find(caller, project, webhookId).call(endpoint -> {
                    if (changes.url() != null) {
                        endpoint.url = changes.url();
                    }
                    if (eventTypes != null) {
                        endpoint.eventTypes = eventTypes.toArray(new String[0]);
                    }
                    if (changes.description() != null) {
                        endpoint.description = changes.description();
                    }
                    if (changes.enabled() != null) {
                        endpoint.enabled = changes.enabled();
                        if (endpoint.enabled) { // re-enabled: a fresh start
                            endpoint.disabledReason = null;
                            endpoint.consecutiveFailures = 0;
                            endpoint.failingSince = null;
                        } else {
                            endpoint.disabledReason = "manual";
                        }
                    }
                    endpoint.updatedAt = Timestamps.now();
                    return audit(caller, project, "webhook.updated", Audit.changed(endpoint.id, Audit.fields("url", changes.url(),
                            "event_types", eventTypes, "description", changes.description(), "enabled", changes.enabled())));
                }))));
    }

    /** Deletes the endpoint and its delivery log; what was not delivered yet never will be. */
    @RequiresPermission(Permission.WEBHOOKS_WRITE)
    public Uni<String> delete(Caller caller, @InProject String projectId, String webhookId) {
        return Panache.withTransaction(() -> scope(caller, projectId, false)
                .chain(project -> find(caller, project, webhookId)
                        .call(WebhookEndpoint::delete)
                        .call(endpoint -> audit(caller, project, "webhook.deleted", Audit.id(endpoint.id)))))
                .map(endpoint -> endpoint.id);
    }

    /** A new secret, effective for the next attempt; the old one stops signing at once. */
    @RequiresPermission(Permission.WEBHOOKS_WRITE)
    public Uni<WithSecret> rotateSecret(Caller caller, @InProject String projectId, String webhookId) {
        return Panache.withTransaction(() -> scope(caller, projectId, false)
                .chain(project -> find(caller, project, webhookId).call(endpoint -> {
                    endpoint.secret = WebhookSignature.newSecret();
                    endpoint.updatedAt = Timestamps.now();
                    return audit(caller, project, "webhook.secret_rotated", Audit.id(endpoint.id));
                })))
                .map(endpoint -> new WithSecret(endpoint, endpoint.secret));
    }

    /** Sends a {@code webhook.tested} event to this endpoint only; answers its delivery, pending. */
    @RequiresPermission(Permission.WEBHOOKS_WRITE)
    public Uni<WebhookDelivery> test(Caller caller, @InProject String projectId, String webhookId) {
        return Panache.withTransaction(() -> scope(caller, projectId, false)
                .chain(project -> find(caller, project, webhookId).invoke(endpoint -> {
                            if (!endpoint.enabled) {
                                throw ApiException.conflict("webhook_disabled",
                                        "Webhook '" + endpoint.id + "' is disabled; enable it before testing it.", null);
                            }
                        })
                        .chain(endpoint -> audit(caller, project, "webhook.tested", Audit.id(endpoint.id))
                                .call(Panache::flush) // the outbox trigger writes the delivery on insert
                                .chain(() -> WebhookDelivery.<WebhookDelivery>find(
                                        "endpointId = ?1 and eventType = 'webhook.tested' order by eventId desc", endpoint.id)
                                        .firstResult()))));
    }

    @WithSession
    @RequiresPermission(Permission.WEBHOOKS_READ)
    public Uni<Page<WebhookDelivery>> deliveries(Caller caller, @InProject String projectId, String webhookId, PageRequest page) {
        return scope(caller, projectId, false)
                .chain(project -> find(caller, project, webhookId))
                .chain(endpoint -> Keyset.page(page, "eventId", "endpointId = :endpoint", Map.of("endpoint", endpoint.id),
                        (q, p) -> WebhookDelivery.<WebhookDelivery>find(q, p), w -> w.eventId));
    }

    /** Every kept attempt of one delivery, oldest first: when, the status code, latency, error and the start of the body. */
    @WithSession
    @RequiresPermission(Permission.WEBHOOKS_READ)
    public Uni<Page<WebhookAttempt>> attempts(Caller caller, @InProject String projectId, String webhookId, String deliveryId,
                                              PageRequest page) {
        return scope(caller, projectId, false)
                .chain(project -> find(caller, project, webhookId))
                .chain(endpoint -> findDelivery(endpoint, deliveryId))
                .chain(delivery -> Keyset.page(page, "endpointId = :endpoint and eventId = :event",
                        Map.of("endpoint", delivery.endpointId, "event", delivery.eventId),
                        (q, p) -> WebhookAttempt.<WebhookAttempt>find(q, p), a -> a.id));
    }

    /** Delivers an event again, now, with a fresh retry window: after a failure, or to replay a success. */
    @RequiresPermission(Permission.WEBHOOKS_WRITE)
    public Uni<WebhookDelivery> retry(Caller caller, @InProject String projectId, String webhookId, String deliveryId) {
        return Panache.withTransaction(() -> scope(caller, projectId, false)
                .chain(project -> find(caller, project, webhookId))
                .chain(endpoint -> findDelivery(endpoint, deliveryId))
                .invoke(delivery -> {
                    delivery.status = WebhookDelivery.PENDING;
                    delivery.nextAttemptAt = Timestamps.now();
                    delivery.windowStart = delivery.nextAttemptAt;
                    delivery.leasedBy = null;
                }));
    }

    /** The project a webhook operation acts in, or none for the organization's own endpoints. */
    private Uni<Optional<Project>> scope(Caller caller, String projectId, boolean change) {
        if (projectId == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return (change ? ProjectLookup.modifiable(caller, projectId) : ProjectLookup.readable(caller, projectId)).map(Optional::of);
    }

    private static Uni<WebhookEndpoint> find(Caller caller, Optional<Project> project, String webhookId) {
        return project.isPresent()
                ? Lookup.find(WebhookEndpoint.class, IdPrefix.WEBHOOK, webhookId, "organizationId = ?2 and projectId = ?3",
                        caller.organizationId(), project.get().id)
                : Lookup.find(WebhookEndpoint.class, IdPrefix.WEBHOOK, webhookId, "organizationId = ?2 and projectId is null",
                        caller.organizationId());
    }

    /** The endpoint's delivery of one event (its id is the event's); 404 when there is none. */
    private static Uni<WebhookDelivery> findDelivery(WebhookEndpoint endpoint, String deliveryId) {
        return Uni.createFrom().deferred(() -> {
                    Lookup.requireShape(IdPrefix.AUDIT_LOG, deliveryId);
                    return WebhookDelivery.<WebhookDelivery>findById(new WebhookDelivery.Key(endpoint.id, deliveryId));
                })
                .onItem().ifNull().failWith(() -> ApiException.notFound("webhook delivery", deliveryId));
    }

    private static Uni<Void> audit(Caller caller, Optional<Project> project, String type, Map<String, Object> details) {
        return project.isPresent()
                ? Audit.record(caller, caller.organizationId(), project.get().id, project.get().name, type, details)
                : Audit.record(caller, caller.organizationId(), type, details);
    }

    /**
     * Resolving the host is blocking: done on a worker thread, before the transaction. executeBlocking
     * completes on the caller's Vert.x context, where the Hibernate session lives.
     */
    private Uni<Void> checkReachable(String url) {
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(() -> targets.resolve(url), false).toCompletionStage())
                .replaceWithVoid();
    }

    private static List<String> eventTypes(List<String> given) {
        if (given.isEmpty()) {
            throw ApiException.invalid("event_types", "event_types must name at least one event type, or \"*\".");
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (String type : given) {
            if (type == null || !(type.equals("*") || AuditEventTypes.ALL.contains(type))) {
                throw ApiException.invalid("event_types", "'" + type + "' is not an audit event type (see the list in docs/api.md#audit-log), nor \"*\".");
            }
            types.add(type);
        }
        return List.copyOf(types);
    }
}
