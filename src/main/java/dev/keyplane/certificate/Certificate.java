package dev.keyplane.certificate;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A client certificate (chain) uploaded to an organization: parsed, validated and re-encoded on upload,
 * never holding private material. {@code active} is its activation for the whole organization.
 */
@Entity
@Table(name = "certificates")
public class Certificate extends PanacheEntityBase {

    @Id
    public String id;
    public String organizationId;
    public String name;
    public String fingerprint;
    public String subject;
    public String content;
    public Instant validAt;
    public Instant expiresAt;
    public Instant createdAt;
    public boolean active;
}
