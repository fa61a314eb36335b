package dev.keyplane.role;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;

/** A custom role granted to a user. */
@Entity
@Table(name = "user_roles")
@IdClass(UserRole.Key.class)
public class UserRole extends PanacheEntityBase {

    public record Key(String userId, String roleId) implements java.io.Serializable {}

    @Id
    public String userId;
    @Id
    public String roleId;
    public Instant createdAt;
}
