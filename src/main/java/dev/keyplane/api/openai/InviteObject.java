package dev.keyplane.api.openai;

import dev.keyplane.common.Timestamps;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.user.UserService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

@Schema(name = "Invite", description = "Represents an individual invite to the organization.")
public record InviteObject(
        @Schema(required = true, enumeration = "organization.invite") String object,
        @Schema(required = true) String id,
        @Schema(required = true) String email,
        @Schema(required = true, enumeration = {"owner", "reader"}) String role,
        @Schema(required = true, enumeration = {"accepted", "expired", "pending"}) String status,
        @Schema(required = true, format = "unixtime") long created_at,
        @Schema(nullable = true, format = "unixtime") Long expires_at,
        @Schema(nullable = true, format = "unixtime") Long accepted_at,
        @Schema(required = true) List<InviteProjectObject> projects) {

    @Schema(name = "InviteProject")
    public record InviteProjectObject(@Schema(required = true) String id, @Schema(required = true) ProjectRole role) {
    }

    static InviteObject from(UserService.InviteView view) {
        var i = view.invite();
        return new InviteObject("organization.invite", i.id, i.email, i.role.wire(), i.status(Instant.now()),
                i.createdAt.getEpochSecond(), Timestamps.seconds(i.expiresAt), Timestamps.seconds(i.acceptedAt),
                view.projects().stream().map(p -> new InviteProjectObject(p.projectId, p.role)).toList());
    }
}
