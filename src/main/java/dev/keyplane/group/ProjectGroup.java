package dev.keyplane.group;

import dev.keyplane.access.ProjectRole;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;

/** A group's membership of a project: every user of the group holds {@link #role} there. */
@Entity
@Table(name = "project_groups")
@IdClass(ProjectGroup.Key.class)
public class ProjectGroup extends PanacheEntityBase {

    public record Key(String projectId, String groupId) implements java.io.Serializable {}

    @Id
    public String projectId;
    @Id
    public String groupId;
    public ProjectRole role;
    public Instant createdAt;
}
