package dev.keyplane.api.openai;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Data residency of a project, as the reference contract spells it. Stored, not acted upon. */
@Schema(name = "PublicProjectResidency")
public enum Residency {
    GLOBAL, US_STORAGE_PROCESSING, EU_STORAGE_PROCESSING, JP_STORAGE, KR_STORAGE, CA_STORAGE, SG_STORAGE,
    IN_STORAGE, AU_STORAGE, GB_STORAGE, AE_STORAGE, AE_STORAGE_PROCESSING;

    static Residency fromStored(String stored) {
        return stored == null ? null : valueOf(stored);
    }
}
