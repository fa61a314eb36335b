package dev.keyplane.common;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.function.Function;

/**
 * The list envelope of the reference's group and role operations, which also name the next cursor:
 * {@code next} is the {@code after} of the following page, or {@code null} on the last one.
 */
public abstract class CursorListResponse<T> extends ListResponse<T> {

    @Schema(required = true, nullable = true, description = "The cursor of the next page, or null on the last page.")
    public final String next;

    protected CursorListResponse(Page<T> page, Function<T, String> idOf) {
        super(page, idOf);
        this.next = page.hasMore() ? last_id : null;
    }
}
