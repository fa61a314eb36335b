package dev.keyplane.group;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "group_users")
@IdClass(GroupUser.Key.class)
public class GroupUser extends PanacheEntityBase {

    public record Key(String groupId, String userId) implements java.io.Serializable {}

    @Id
    public String groupId;
    @Id
    public String userId;
    public Instant addedAt;
}
