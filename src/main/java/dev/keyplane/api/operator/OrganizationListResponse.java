package dev.keyplane.api.operator;

import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "OrganizationListResponse")
public class OrganizationListResponse extends ListResponse<OrganizationObject> {

    public OrganizationListResponse(Page<OrganizationObject> page) {
        super(page, OrganizationObject::id);
    }
}
