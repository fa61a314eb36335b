package dev.keyplane.common;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** The one keyset-pagination query: the caller gives the filter, this adds the cursor, order and limit. */
public final class Keyset {

    private Keyset() {}

    /**
     * @param where  JPQL filter over the entity, binding named parameters from {@code params}
     * @param find   {@code (query, params) -> Entity.find(query, params)}
     * @param count  {@code (query, params) -> Entity.count(query, params)}, used to reject an unknown cursor
     */
    public static <E> Uni<Page<E>> page(PageRequest page, String where, Map<String, Object> params,
                                        BiFunction<String, Map<String, Object>, PanacheQuery<E>> find,
                                        BiFunction<String, Map<String, Object>, Uni<Long>> count) {
        return page(page, "id", where, params, find, count);
    }

    /** As {@link #page(PageRequest, String, Map, BiFunction, BiFunction)}, for a list keyed by another id field. */
    public static <E> Uni<Page<E>> page(PageRequest page, String idField, String where, Map<String, Object> params,
                                        BiFunction<String, Map<String, Object>, PanacheQuery<E>> find,
                                        BiFunction<String, Map<String, Object>, Uni<Long>> count) {
        Map<String, Object> all = new HashMap<>(params);
        Uni<Void> cursorCheck = Uni.createFrom().voidItem();
        if (page.cursor() != null) {
            all.put("cursor", page.cursor());
            cursorCheck = count.apply(where + " and " + idField + " = :cursor", all)
                    .invoke(n -> {
                        if (n == 0) {
                            throw page.unknownCursor();
                        }
                    })
                    .replaceWithVoid();
        }
        return cursorCheck.chain(() -> find.apply(where + page.keysetCondition(idField) + page.orderBy(idField), all)
                        .range(0, page.limit())
                        .list())
                .map(rows -> {
                    Page<E> found = Page.fromOverfetch(rows, page.limit());
                    if (!page.backwards()) {
                        return found;
                    }
                    // read backwards from the cursor: put the rows back in the list's order
                    java.util.List<E> inOrder = new java.util.ArrayList<>(found.items());
                    java.util.Collections.reverse(inOrder);
                    return new Page<>(java.util.List.copyOf(inOrder), found.hasMore());
                });
    }
}
