package dev.keyplane.user;

import dev.keyplane.access.OrgRole;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A member of an organization; owns admin keys and, through project memberships, project keys. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public String id;
    public String organizationId;
    public String email;
    public String name;
    public OrgRole role;
    public Instant createdAt;
    public Instant updatedAt;
    public String technicalLevel;
    public String developerPersona;
}
