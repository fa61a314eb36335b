package dev.keyplane.project;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A project: the unit a tenant is provisioned as. Deleting it deletes everything it owns. */
@Entity
@Table(name = "projects")
public class Project extends PanacheEntityBase {

    @Id
    public String id;
    public String organizationId;
    public String name;
    public String description;
    public String externalId;
    public String externalKeyId;
    public String residency;
    public Environment environment;
    public ProjectStatus status;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant archivedAt;
    public String createdBy;
    /** Whether its keys must come with one of the client certificates active for it (or its organization). */
    public boolean requireClientCertificate;

    public boolean isArchived() {
        return status == ProjectStatus.ARCHIVED;
    }
}
