package dev.keyplane.idempotency;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The first response to a creating POST under an {@code Idempotency-Key}, kept for replay. */
@Entity
@Table(name = "idempotency_records")
@IdClass(IdempotencyRecord.RecordId.class)
public class IdempotencyRecord extends PanacheEntityBase {

    @Id
    public String organizationId;
    @Id
    public String idempotencyKey;
    public String requestHash;
    public int responseStatus;
    public String responseBody;
    public Instant createdAt;

    public static class RecordId implements Serializable {
        public String organizationId;
        public String idempotencyKey;

        public RecordId() {
        }

        public RecordId(String organizationId, String idempotencyKey) {
            this.organizationId = organizationId;
            this.idempotencyKey = idempotencyKey;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RecordId other && Objects.equals(organizationId, other.organizationId)
                    && Objects.equals(idempotencyKey, other.idempotencyKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(organizationId, idempotencyKey);
        }
    }
}
