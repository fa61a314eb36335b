package dev.keyplane.api.openai;

import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ApiKeyList")
public class ApiKeyList extends ListResponse<AdminApiKeyObject> {

    public ApiKeyList(Page<AdminApiKeyObject> page) {
        super(page, AdminApiKeyObject::id);
    }
}
