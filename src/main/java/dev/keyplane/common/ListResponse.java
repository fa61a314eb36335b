package dev.keyplane.common;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.function.Function;

/**
 * The list envelope {@code {"object":"list","data","first_id","last_id","has_more"}}. Each list
 * operation has a named subclass so the OpenAPI document names its schema as the reference does.
 */
public abstract class ListResponse<T> {

    @Schema(required = true, enumeration = "list")
    public final String object = "list";
    @Schema(required = true)
    public final List<T> data;
    @Schema(nullable = true)
    public final String first_id;
    @Schema(nullable = true)
    public final String last_id;
    @Schema(required = true)
    public final boolean has_more;

    protected ListResponse(Page<T> page, Function<T, String> idOf) {
        this.data = page.items();
        this.first_id = data.isEmpty() ? null : idOf.apply(data.get(0));
        this.last_id = data.isEmpty() ? null : idOf.apply(data.get(data.size() - 1));
        this.has_more = page.hasMore();
    }
}
