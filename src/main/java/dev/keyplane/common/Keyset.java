package dev.keyplane.common;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one keyset-pagination query: the caller gives the filter, this adds the cursor, order and limit.
 * A page is one query: it reads from the cursor itself (inclusive) and one row past the page, so the first
 * row proves the cursor names an object of this list and the last one says whether there is more.
 */
public final class Keyset {

    private Keyset() {}

    /**
     * @param where JPQL filter over the entity, binding named parameters from {@code params}
     * @param find  {@code (query, params) -> Entity.find(query, params)}
     * @param idOf  the entity's id, the value a cursor names
     */
    public static <E> Uni<Page<E>> page(PageRequest page, String where, Map<String, Object> params,
                                        BiFunction<String, Map<String, Object>, PanacheQuery<E>> find,
                                        Function<E, String> idOf) {
        return page(page, "id", where, params, find, idOf);
    }

    /** As {@link #page(PageRequest, String, Map, BiFunction, Function)}, for a list keyed by another id field. */
    public static <E> Uni<Page<E>> page(PageRequest page, String idField, String where, Map<String, Object> params,
                                        BiFunction<String, Map<String, Object>, PanacheQuery<E>> find,
                                        Function<E, String> idOf) {
        Map<String, Object> all = new HashMap<>(params);
        String cursor = page.cursor();
        if (cursor != null) {
            all.put("cursor", cursor);
        }
        // rows: the cursor's own (when there is one), the page, and one more to learn has_more
        int last = page.limit() + (cursor == null ? 0 : 1);
        return find.apply(where + page.keysetCondition(idField, ":cursor") + page.orderBy(idField), all)
                .range(0, last)
                .list()
                .map(rows -> toPage(page, rows, idOf));
    }

    /**
     * The same page on the raw reactive client, for the hottest lists: {@code select} is {@code SELECT … FROM … WHERE …}
     * binding {@code $1…$n} to {@code params}; this adds the cursor, order and limit as further parameters, so one
     * prepared statement serves every page.
     */
    public static <E> Uni<Page<E>> page(PageRequest page, SqlClient client, String idColumn, String select, List<Object> params,
                                        Function<Row, E> fromRow, Function<E, String> idOf) {
        List<Object> all = new ArrayList<>(params);
        String cursorCondition = "";
        if (page.cursor() != null) {
            all.add(page.cursor());
            cursorCondition = page.keysetCondition(idColumn, "$" + all.size());
        }
        all.add(page.limit() + (page.cursor() == null ? 1 : 2));
        String sql = select + cursorCondition + page.orderBy(idColumn) + " LIMIT $" + all.size();
        return client.preparedQuery(sql).execute(Tuple.from(all)).map(rows -> {
            List<E> found = new ArrayList<>(rows.size());
            for (Row row : rows) {
                found.add(fromRow.apply(row));
            }
            return toPage(page, found, idOf);
        });
    }

    /** Rows read from the cursor (inclusive) with one more than the page: the checked cursor and has_more taken off. */
    private static <E> Page<E> toPage(PageRequest page, List<E> rows, Function<E, String> idOf) {
        String cursor = page.cursor();
        List<E> after = rows;
        if (cursor != null) {
            if (rows.isEmpty() || !cursor.equals(idOf.apply(rows.get(0)))) {
                throw page.unknownCursor();
            }
            after = rows.subList(1, rows.size());
        }
        Page<E> found = Page.fromOverfetch(after, page.limit());
        if (!page.backwards()) {
            return found;
        }
        // read backwards from the cursor: put the rows back in the list's order
        List<E> inOrder = new ArrayList<>(found.items());
        Collections.reverse(inOrder);
        return new Page<>(List.copyOf(inOrder), found.hasMore());
    }
}
