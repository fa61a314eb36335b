package dev.keyplane.member;

import dev.keyplane.access.ProjectRole;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;

/** A user's direct membership of a project. */
@Entity
@Table(name = "project_users")
@IdClass(ProjectUser.Key.class)
public class ProjectUser extends PanacheEntityBase {

    public record Key(String projectId, String userId) implements java.io.Serializable {}

    @Id
    public String projectId;
    @Id
    public String userId;
    public String organizationId;
    public ProjectRole role;
    public Instant addedAt;
}
