package dev.keyplane.role;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;

/** A custom role granted to every user of a group. */
@Entity
@Table(name = "group_roles")
@IdClass(GroupRole.Key.class)
public class GroupRole extends PanacheEntityBase {

    public record Key(String groupId, String roleId) implements java.io.Serializable {}

    @Id
    public String groupId;
    @Id
    public String roleId;
    public Instant createdAt;
}
