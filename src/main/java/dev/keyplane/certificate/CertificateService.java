package dev.keyplane.certificate;

import dev.keyplane.KeyplaneConfig;
import dev.keyplane.access.Caller;
import dev.keyplane.access.InProject;
import dev.keyplane.access.Permission;
import dev.keyplane.access.RequiresPermission;
import dev.keyplane.audit.Audit;
import dev.keyplane.changes.ChangeBus;
import dev.keyplane.common.ApiException;
import dev.keyplane.common.CompletesDespiteCancellation;
import dev.keyplane.common.Constraints;
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
import dev.keyplane.project.ProjectLookup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Client certificates, as the reference has them: uploading does not activate; activation is per
 * organization and per project, for up to 10 certificates at once, all or none, and idempotent; only the
 * name changes; a certificate is deleted only once inactive everywhere; an organization holds at most 50 (the
 * {@code certificates} quota, set by {@code keyplane.quotas.certificates} and the operator's overrides).
 * Every change here is audited ({@link dev.keyplane.audit.Audit}) and so may fire webhooks.
 */
@ApplicationScoped
@CompletesDespiteCancellation
public class CertificateService {

    private static final String FINGERPRINT_INDEX = "certificates_organization_fingerprint";

    /** A certificate with whether it is active at the scope asked about (the organization or one project). */
    public record Scoped(Certificate certificate, boolean active) {}

    @Inject
    KeyplaneConfig config;
    @Inject
    IdempotencyService idempotency;
    @Inject
    ChangeBus changeBus;

    @RequiresPermission(Permission.CERTIFICATES_READ)
    @WithSession
    public Uni<Page<Certificate>> list(Caller caller, PageRequest page) {
        return Keyset.page(page, "organizationId = :org", Map.of("org", caller.organizationId()),
                (q, p) -> Certificate.<Certificate>find(q, p), c -> c.id);
    }

    /**
     * Parses and stores the upload; refused uploads store nothing. Fails with 409 {@code quota_exceeded} when the
     * organization already holds its {@code certificates} quota.
     */
    @RequiresPermission(Permission.CERTIFICATES_WRITE)
    public <R> Uni<Outcome<R>> upload(Caller caller, String name, String pem,
            Idempotent<Certificate, R> idempotent) {
        return idempotency.run(caller, idempotent, "upload-certificate", Arrays.asList(name, pem),
                () -> uploadOnce(caller, name, pem), IdempotencyService.NOTHING);
    }

    private Uni<Certificate> uploadOnce(Caller caller, String name, String pem) {
        CertificatePem.Parsed parsed;
        try {
            parsed = CertificatePem.parse(pem, config.certificates().maxChainLength(), Instant.now());
        } catch (ApiException refused) {
            return Uni.createFrom().failure(refused);
        }
        Certificate certificate = new Certificate();
        certificate.id = Ids.newId(IdPrefix.CERTIFICATE);
        certificate.organizationId = caller.organizationId();
        certificate.name = name;
        certificate.fingerprint = parsed.fingerprint();
        certificate.subject = parsed.subject();
        certificate.content = parsed.content();
        certificate.validAt = parsed.validAt();
        certificate.expiresAt = parsed.expiresAt();
        certificate.createdAt = Timestamps.now();
        // the 'certificates' quota is the database's to enforce, like every quota
        return Panache.withTransaction(() -> Certificate.<Certificate>find("organizationId = ?1 and fingerprint = ?2",
                        caller.organizationId(), parsed.fingerprint()).<Certificate>firstResult()
                .invoke(existing -> {
                    if (existing != null) {
                        throw duplicate(existing.id);
                    }
                })
                .chain(() -> certificate.<Certificate>persistAndFlush())
                .call(created -> Audit.record(caller, created.organizationId, "certificate.created", describe(created)))
                .onFailure(f -> Constraints.violated(f, FINGERPRINT_INDEX)).transform(f -> duplicate(null)));
    }

    @RequiresPermission(Permission.CERTIFICATES_READ)
    @WithSession
    public Uni<Certificate> get(Caller caller, String certificateId) {
        return Lookup.inOrganization(Certificate.class, IdPrefix.CERTIFICATE, certificateId, caller.organizationId());
    }

    @RequiresPermission(Permission.CERTIFICATES_WRITE)
    public Uni<Certificate> rename(Caller caller, String certificateId, String name) {
        if (name == null) {
            return Uni.createFrom().failure(ApiException.invalid("name", "Only name can be changed; give it."));
        }
        return Panache.withTransaction(() -> Lookup.inOrganization(Certificate.class, IdPrefix.CERTIFICATE, certificateId,
                        caller.organizationId())
                .invoke(certificate -> certificate.name = name)
                .call(certificate -> Audit.record(caller, certificate.organizationId, "certificate.updated", describe(certificate))));
    }

    /** Deletes a certificate that is active nowhere (409 otherwise: deactivate it first). */
    @RequiresPermission(Permission.CERTIFICATES_WRITE)
    public Uni<String> delete(Caller caller, String certificateId) {
        return Panache.withTransaction(() -> Lookup.inOrganization(Certificate.class, IdPrefix.CERTIFICATE, certificateId,
                        caller.organizationId())
                .call(certificate -> ProjectCertificate.count("certificateId", certificate.id).invoke(projects -> {
                    if (certificate.active || projects > 0) {
                        throw ApiException.conflict("certificate_active", "Certificate '" + certificate.id + "' is active in "
                                + (certificate.active ? "the organization" : projects + " project(s)")
                                + "; deactivate it everywhere before deleting it.", null);
                    }
                }))
                .call(Certificate::delete)
                .call(certificate -> Audit.record(caller, certificate.organizationId, "certificate.deleted", describe(certificate)))
                .map(certificate -> certificate.id));
    }

    /** Activates or deactivates certificates for the organization: all or none, and idempotent. */
    @RequiresPermission(Permission.CERTIFICATES_WRITE)
    public Uni<List<Certificate>> setActive(Caller caller, List<String> certificateIds, boolean active) {
        return Panache.withTransaction(() -> findAll(caller.organizationId(), certificateIds)
                .invoke(found -> found.forEach(certificate -> certificate.active = active))
                .call(found -> Audit.record(caller, caller.organizationId(), activationEvent(active), listed(found))))
                .call(() -> changeBus.clientCertificates(null)); // an organization's certificate serves all its projects
    }

    // --- one project's activations, through the project guard --------------------------------------

    @WithSession
    @RequiresPermission(Permission.CERTIFICATES_READ)
    public Uni<Page<Scoped>> listForProject(Caller caller, @InProject String projectId, PageRequest page) {
        return ProjectLookup.readable(caller, projectId)
                .chain(project -> Keyset.page(page, "organizationId = :org", Map.of("org", project.organizationId),
                                (q, p) -> Certificate.<Certificate>find(q, p), c -> c.id)
                        .chain(found -> activeIn(project.id, found.items())
                                .map(active -> new Page<>(found.items().stream()
                                        .map(c -> new Scoped(c, active.contains(c.id))).toList(), found.hasMore()))));
    }

    /** Activates or deactivates certificates for one project: all or none, and idempotent. */
    @RequiresPermission(Permission.CERTIFICATES_WRITE)
    public Uni<List<Scoped>> setActiveForProject(Caller caller, @InProject String projectId, List<String> certificateIds, boolean active) {
        return Panache.withTransaction(() -> ProjectLookup.modifiable(caller, projectId)
                .chain(project -> findAll(project.organizationId, certificateIds)
                        .call(found -> activeIn(project.id, found).chain(already -> {
                            if (!active) {
                                return ProjectCertificate.delete("projectId = ?1 and certificateId in ?2", project.id,
                                        found.stream().map(c -> c.id).toList()).replaceWithVoid();
                            }
                            Instant now = Timestamps.now();
                            Object[] added = found.stream().filter(c -> !already.contains(c.id)).map(c -> {
                                ProjectCertificate row = new ProjectCertificate();
                                row.projectId = project.id;
                                row.certificateId = c.id;
                                row.activatedAt = now;
                                return row;
                            }).toArray();
                            return added.length == 0 ? Uni.createFrom().voidItem()
                                    : Panache.getSession().chain(session -> session.persistAll(added));
                        }))
                        .call(found -> Audit.record(caller, project.organizationId, project.id, project.name,
                                activationEvent(active), listed(found)))
                        .map(found -> found.stream().map(c -> new Scoped(c, active)).toList())))
                .call(() -> changeBus.clientCertificates(projectId));
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** The organization's certificates with these ids, in the order asked; 404 naming the first unknown one. */
    private static Uni<List<Certificate>> findAll(String organizationId, List<String> certificateIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(certificateIds));
        return Uni.createFrom().deferred(() -> {
            ids.forEach(id -> Lookup.requireShape(IdPrefix.CERTIFICATE, id));
            return Certificate.<Certificate>list("organizationId = ?1 and id in ?2", organizationId, ids);
        }).map(found -> {
            Map<String, Certificate> byId = found.stream().collect(Collectors.toMap(c -> c.id, Function.identity()));
            for (String id : ids) {
                if (!byId.containsKey(id)) {
                    throw ApiException.notFound(IdPrefix.CERTIFICATE, id);
                }
            }
            return ids.stream().map(byId::get).toList();
        });
    }

    private static Uni<Set<String>> activeIn(String projectId, List<Certificate> certificates) {
        if (certificates.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return ProjectCertificate.<ProjectCertificate>list("projectId = ?1 and certificateId in ?2", projectId,
                        certificates.stream().map(c -> c.id).toList())
                .map(rows -> rows.stream().map(r -> r.certificateId).collect(Collectors.toSet()));
    }

    // Audit details: ids, names and the fingerprint, never the certificate's content.
    private static Map<String, Object> describe(Certificate c) {
        return Audit.fields("id", c.id, "name", c.name, "fingerprint", c.fingerprint);
    }

    private static Map<String, Object> listed(List<Certificate> certificates) {
        return Map.of("certificates", certificates.stream().map(c -> Audit.fields("id", c.id, "name", c.name)).toList());
    }

    private static String activationEvent(boolean active) {
        return active ? "certificates.activated" : "certificates.deactivated";
    }

    private static ApiException duplicate(String existingId) {
        return ApiException.conflict("certificate_exists", existingId == null
                ? "This certificate is already uploaded to the organization."
                : "This certificate is already uploaded to the organization as '" + existingId + "'.", "certificate");
    }
}
