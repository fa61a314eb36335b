package dev.keyplane.registered;

import dev.keyplane.common.ApiException;

/**
 * The kind-specific attributes of a registered resource, validated against its kind: a vault may say
 * whether it is encrypted, a license must say its type, the other kinds carry none.
 */
public record ResourceAttributes(Boolean isEncrypted, LicenseType type) {

    public static final ResourceAttributes NONE = new ResourceAttributes(null, null);

    /** Refuses an attribute the kind does not have (400 naming it) and a license without its type. */
    void validateFor(ResourceKind kind) {
        if (isEncrypted != null && kind != ResourceKind.VAULT) {
            throw ApiException.invalid("attributes.is_encrypted", "Only vaults have is_encrypted; this is a " + kind + ".");
        }
        if (type != null && kind != ResourceKind.LICENSE) {
            throw ApiException.invalid("attributes.type", "Only licenses have a type; this is a " + kind + ".");
        }
        if (type == null && kind == ResourceKind.LICENSE) {
            throw ApiException.invalid("attributes.type", "A license needs attributes.type: 'internal' or 'manual'.");
        }
    }

    static ResourceAttributes of(RegisteredResource resource) {
        return new ResourceAttributes(resource.isEncrypted, resource.licenseType);
    }
}
