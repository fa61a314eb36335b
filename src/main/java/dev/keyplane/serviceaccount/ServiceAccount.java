package dev.keyplane.serviceaccount;

import dev.keyplane.access.ServiceAccountRole;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A project-scoped machine identity; its keys are {@code sk-svcacct-} keys. */
@Entity
@Table(name = "service_accounts")
public class ServiceAccount extends PanacheEntityBase {

    @Id
    public String id;
    public String organizationId;
    public String projectId;
    public String name;
    public ServiceAccountRole role;
    public Instant createdAt;
}
