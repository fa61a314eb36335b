package dev.keyplane.role;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** A custom role: a named permission set of one organization. See {@link PredefinedRoles} for the fixed ones. */
@Entity
@Table(name = "roles")
public class Role extends PanacheEntityBase {

    public static final String ORGANIZATION = "api.organization";
    public static final String PROJECT = "api.project";

    @Id
    public String id;
    public String organizationId;
    public String name;
    public String description;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] permissions;
    public String resourceType;
    public Instant createdAt;
    public Instant updatedAt;
    public String createdBy;
}
