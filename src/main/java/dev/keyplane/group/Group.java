package dev.keyplane.group;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A named set of users that can hold roles and project memberships. */
@Entity
@Table(name = "groups")
public class Group extends PanacheEntityBase {

    @Id
    public String id;
    public String organizationId;
    public String name;
    public Instant createdAt;
}
