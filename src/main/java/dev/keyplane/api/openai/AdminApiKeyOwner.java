package dev.keyplane.api.openai;

import dev.keyplane.user.User;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AdminApiKeyOwner", description = "The user who owns the key.")
public record AdminApiKeyOwner(
        @Schema(description = "Always `user`") String type,
        @Schema(description = "Always `organization.user`") String object,
        String id,
        @Schema(nullable = true) String name,
        @Schema(format = "unixtime") long created_at,
        @Schema(description = "The owner's organization role: `owner` or `reader`") String role) {

    static AdminApiKeyOwner from(User user) {
        return new AdminApiKeyOwner("user", "organization.user", user.id, user.name,
                user.createdAt.getEpochSecond(), user.role.wire());
    }
}
