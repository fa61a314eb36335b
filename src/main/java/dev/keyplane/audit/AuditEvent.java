package dev.keyplane.audit;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One audit log row: what happened ({@code type}, {@code details}), when, to what, by which key. Never updated. */
@Entity
@Table(name = "audit_logs")
public class AuditEvent extends PanacheEntityBase {

    @Id
    public String id;
    public String organizationId;
    public String type;
    public Instant effectiveAt;
    public String projectId;
    public String projectName;
    public String actorKeyId;
    /** {@code user}, {@code service_account} (whose key acted) or {@code system} (the operator). */
    public String actorType;
    public String actorId;
    public String actorEmail;
    public String resourceId;
    /** JSON. */
    public String details;
}
