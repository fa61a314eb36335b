package dev.keyplane.auth;

import dev.keyplane.access.Caller;

import java.time.Instant;

/**
 * What a presented key is. Only a {@link Code#VALID} status carries a {@link Caller}. REVOKED, EXPIRED and
 * DISABLED are only reported for keys whose secret was verified, so they tell nothing to a guesser.
 */
public record KeyStatus(Code code, Caller caller, String keyId, String organizationId, String projectId, Instant expiresAt) {

    public enum Code {
        VALID, NOT_FOUND, REVOKED, EXPIRED, RATE_LIMITED, INSUFFICIENT_PERMISSIONS, DISABLED,
        /** The key's project requires a client certificate and none was presented with the key. */
        CERTIFICATE_REQUIRED,
        /** The presented client certificate is none of those active for the key's project (or it expired). */
        CERTIFICATE_MISMATCH
    }

    static final KeyStatus NOT_FOUND = new KeyStatus(Code.NOT_FOUND, null, null, null, null, null);

    static KeyStatus valid(Caller caller, Instant expiresAt) {
        return new KeyStatus(Code.VALID, caller, caller.keyId(), caller.organizationId(), caller.projectId(), expiresAt);
    }

    /** The same key with another verdict. NOT_FOUND keeps nothing, so it can hide another tenant's key. */
    public KeyStatus withCode(Code newCode) {
        if (newCode == Code.NOT_FOUND) {
            return NOT_FOUND;
        }
        return new KeyStatus(newCode, caller, keyId, organizationId, projectId, expiresAt);
    }

    /** Whether the key authenticates; RATE_LIMITED and INSUFFICIENT_PERMISSIONS keys do, but may not act now. */
    public boolean isValid() {
        return code == Code.VALID;
    }
}
