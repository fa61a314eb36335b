package dev.keyplane.registered;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An object that lives in the caller's own systems but belongs to a project (a snapshot, a vault, a
 * license, ...). Keyplane keeps what the seed dialects count and list; archived ones are left out of both.
 */
@Entity
@Table(name = "resources")
public class RegisteredResource extends PanacheEntityBase {

    @Id
    public String id;
    public String organizationId;
    public String projectId;
    public ResourceKind kind;
    public String name;
    public String externalId;
    /** Vaults only: whether the vault uses client-side encryption ({@code null}: unknown). */
    public Boolean isEncrypted;
    /** Licenses only, and required for them. */
    public LicenseType licenseType;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant archivedAt;
    public String createdBy;

    public boolean isArchived() {
        return archivedAt != null;
    }
}
