package dev.keyplane.api.openai;

import dev.keyplane.access.OrgRole;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.api.OpenApiDefinition;
import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import dev.keyplane.common.Timestamps;
import dev.keyplane.invite.InviteService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** Wire shapes of {@code /v1/organization/invites}. */
public final class InviteObjects {

    private InviteObjects() {}

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

        static InviteObject from(InviteService.InviteView view) {
            var i = view.invite();
            return new InviteObject("organization.invite", i.id, i.email, i.role.wire(), i.status(Instant.now()),
                    i.createdAt.getEpochSecond(), Timestamps.seconds(i.expiresAt), Timestamps.seconds(i.acceptedAt),
                    view.projects().stream().map(p -> new InviteProjectObject(p.projectId, p.role)).toList());
        }
    }

    @Schema(name = "InviteRequest")
    public record Create(
            @Schema(required = true) @NotBlank @Email @Size(max = 320) String email,
            @Schema(required = true) @NotNull OrgRole role,
            @Schema(description = "Projects the invitee joins on acceptance.") @Valid @Size(max = 100) List<@Valid @NotNull ProjectGrant> projects) {
    }

    @Schema(name = "InviteProjectGrant")
    public record ProjectGrant(@Schema(required = true) @NotBlank String id,
                               @Schema(required = true, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                                       enumeration = {"member", "owner"}) @NotNull ProjectRole role) {
    }

    @Schema(name = "InviteAcceptRequest", extensions = @Extension(name = OpenApiDefinition.EXTENSION, value = "true", parseValue = true))
    public record Accept(@Schema(nullable = true, maxLength = 255) @Size(max = 255) String name) {
    }

    @Schema(name = "InviteDeleteResponse")
    public record Deleted(
            @Schema(required = true, enumeration = "organization.invite.deleted") String object,
            @Schema(required = true) String id,
            @Schema(required = true) boolean deleted) {

        static Deleted of(String id) {
            return new Deleted("organization.invite.deleted", id, true);
        }
    }

    @Schema(name = "InviteListResponse")
    public static class ListOf extends ListResponse<InviteObject> {
        public ListOf(Page<InviteObject> page) {
            super(page, InviteObject::id);
        }
    }
}
