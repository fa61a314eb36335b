package dev.keyplane.api.openai;

import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "UserListResponse")
public class UserListResponse extends ListResponse<UserObject> {

    public UserListResponse(Page<UserObject> page) {
        super(page, UserObject::id);
    }
}
