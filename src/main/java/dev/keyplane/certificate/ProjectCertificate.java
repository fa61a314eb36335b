package dev.keyplane.certificate;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;

/** A certificate's activation for one project. */
@Entity
@Table(name = "project_certificates")
@IdClass(ProjectCertificate.Key.class)
public class ProjectCertificate extends PanacheEntityBase {

    public record Key(String projectId, String certificateId) implements java.io.Serializable {}

    @Id
    public String projectId;
    @Id
    public String certificateId;
    public Instant activatedAt;
}
