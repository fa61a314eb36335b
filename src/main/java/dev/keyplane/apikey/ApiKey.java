package dev.keyplane.apikey;

import dev.keyplane.secrets.KeyFormat;
import dev.keyplane.secrets.KeyPrefix;
import dev.keyplane.access.KeyKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An API key at rest: its lookup id, an Argon2id hash of its secret and its last four characters.
 * The raw key exists only in the response that created it. Deleting a key revokes it: the row stays
 * so that the verifier can tell a revoked key from an unknown one, and the audit trail keeps its owner.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey extends PanacheEntityBase {

    @Id
    public String id;
    public String organizationId;
    public String projectId;
    public KeyKind kind;
    /** The raw key's prefix ({@code sk-proj-}, {@code mk_}, ...): where it was minted. */
    public String prefix;
    public String ownerType;
    public String ownerId;
    public String name;
    public String role;
    public String lookupId;
    public String secretHash;
    public String lastFour;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant lastUsedAt;
    public Instant revokedAt;
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.ARRAY)
    public String[] scopes;
    /** The key this one replaced in a roll. */
    public String rolledFrom;
    /** The key that replaced this one in a roll; this one works until {@code expiresAt}, the grace period's end. */
    public String rolledTo;

    public String redactedValue() {
        KeyPrefix p = KeyPrefix.fromValue(prefix);
        return KeyFormat.redact(p == null ? KeyPrefix.standard(kind) : p, lastFour);
    }
}
