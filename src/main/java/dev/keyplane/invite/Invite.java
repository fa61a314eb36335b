package dev.keyplane.invite;

import dev.keyplane.access.OrgRole;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An invitation to join an organization, with the project memberships it grants on acceptance. */
@Entity
@Table(name = "invites")
public class Invite extends PanacheEntityBase {

    @Id
    public String id;
    public String organizationId;
    public String email;
    public OrgRole role;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant acceptedAt;
    public String acceptedUserId;

    public String status(Instant now) {
        if (acceptedAt != null) {
            return "accepted";
        }
        return now.isBefore(expiresAt) ? "pending" : "expired";
    }
}
