package dev.keyplane.api.openai;

import dev.keyplane.common.ListResponse;
import dev.keyplane.common.Page;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ProjectListResponse")
public class ProjectListResponse extends ListResponse<ProjectObject> {

    public ProjectListResponse(Page<ProjectObject> page) {
        super(page, ProjectObject::id);
    }
}
