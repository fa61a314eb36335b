package dev.keyplane.common;

import java.util.List;
import java.util.function.Function;

/** One page of a keyset-paginated list. */
public record Page<T>(List<T> items, boolean hasMore) {

    /** Builds a page from rows fetched with {@code limit + 1}: the extra row only says there is more. */
    public static <T> Page<T> fromOverfetch(List<T> rows, int limit) {
        boolean more = rows.size() > limit;
        return new Page<>(more ? List.copyOf(rows.subList(0, limit)) : List.copyOf(rows), more);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), hasMore);
    }
}
