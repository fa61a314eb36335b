package dev.keyplane.invite;

import dev.keyplane.access.ProjectRole;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A project membership an invite grants. */
@Entity
@Table(name = "invite_projects")
@IdClass(InviteProject.Key.class)
public class InviteProject extends PanacheEntityBase {

    public record Key(String inviteId, String projectId) implements java.io.Serializable {}

    @Id
    public String inviteId;
    @Id
    public String projectId;
    public ProjectRole role;
}
