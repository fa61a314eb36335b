package dev.keyplane.common;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Keyset.page on the Panache path, with a query that answers canned rows instead of a database: the query it
 * builds, how many rows it asks for, the cursor check, has_more and the order of a backwards page. (The raw-client
 * overload builds its SQL from the same PageRequest pieces, tested in PageRequestTest; it needs a SqlClient.)
 */
class KeysetTest {

    /** One page request against canned rows: what Keyset asked for, and what it answered. */
    private static final class Run {
        String query;
        Map<String, Object> params;
        int first = -1;
        int last = -1;

        @SuppressWarnings("unchecked")
        Page<String> page(PageRequest request, String idField, Map<String, Object> filterParams, List<String> rows) {
            return Keyset.page(request, idField, "organizationId = :org", filterParams, (q, p) -> {
                query = q;
                params = p;
                return (PanacheQuery<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {PanacheQuery.class}, (proxy, method, args) -> switch (method.getName()) {
                            case "range" -> {
                                first = (Integer) args[0];
                                last = (Integer) args[1];
                                yield proxy;
                            }
                            // the database answers at most last - first + 1 rows (Panache's range is inclusive)
                            case "list" -> Uni.createFrom().item(rows.subList(0, Math.min(rows.size(), last - first + 1)));
                            default -> throw new UnsupportedOperationException(method.getName());
                        });
            }, Function.identity()).await().indefinitely();
        }

        Page<String> page(PageRequest request, List<String> rows) {
            return page(request, "id", Map.of("org", "org_1"), rows);
        }
    }

    @Test
    void theFirstPageReadsOneRowPastTheLimitToLearnHasMore() {
        Run run = new Run();
        Page<String> page = run.page(new PageRequest(2, null, null, false), List.of("a", "b", "c", "d"));
        assertEquals("organizationId = :org order by id", run.query);
        assertEquals(Map.of("org", "org_1"), run.params);
        assertEquals(0, run.first);
        assertEquals(2, run.last, "rows 0..2: the page of 2 and one more");
        assertEquals(new Page<>(List.of("a", "b"), true), page);
    }

    @Test
    void aPageThatFitsHasNoMore() {
        assertEquals(new Page<>(List.of("a", "b"), false), new Run().page(new PageRequest(2, null, null, false), List.of("a", "b")));
        assertEquals(new Page<>(List.of(), false), new Run().page(new PageRequest(2, null, null, false), List.of()));
    }

    @Test
    void aCursorPageReadsTheCursorRowToo() {
        Run run = new Run();
        Page<String> page = run.page(new PageRequest(2, "b", null, false), List.of("b", "c", "d", "e"));
        assertEquals("organizationId = :org and id >= :cursor order by id", run.query);
        assertEquals(Map.of("org", "org_1", "cursor", "b"), run.params);
        assertEquals(3, run.last, "rows 0..3: the cursor's own, the page of 2 and one more");
        assertEquals(new Page<>(List.of("c", "d"), true), page, "the cursor's row is not part of the page");
    }

    @Test
    void theLastPageAfterACursorHasNoMore() {
        Page<String> page = new Run().page(new PageRequest(2, "b", null, false), List.of("b", "c"));
        assertEquals(new Page<>(List.of("c"), false), page);
        assertEquals(new Page<>(List.of(), false), new Run().page(new PageRequest(2, "b", null, false), List.of("b")));
    }

    @Test
    void aCursorThatIsNotTheFirstRowReadIsA400() {
        // a deleted object, or an id of another organization or list: the query starts past it
        ApiException shifted = assertThrows(ApiException.class,
                () -> new Run().page(new PageRequest(2, "b", null, false), List.of("c", "d")));
        assertEquals(ErrorKind.INVALID_REQUEST, shifted.kind());
        assertEquals("after", shifted.param());
        ApiException nothing = assertThrows(ApiException.class,
                () -> new Run().page(new PageRequest(2, null, "z", false), List.of()));
        assertEquals("before", nothing.param());
    }

    @Test
    void aBackwardsPageIsReadInReverseAndReturnedInTheListsOrder() {
        Run run = new Run();
        // an ascending list, before "e": read e, d, c, b (descending), page of 2 is d, c, one more says has_more
        Page<String> page = run.page(new PageRequest(2, null, "e", false), List.of("e", "d", "c", "b"));
        assertEquals("organizationId = :org and id <= :cursor order by id desc", run.query);
        assertEquals(new Page<>(List.of("c", "d"), true), page);
    }

    @Test
    void aBackwardsPageOfADescendingListReadsUpwards() {
        Run run = new Run();
        Page<String> page = run.page(new PageRequest(3, null, "b", true), List.of("b", "c", "d"));
        assertEquals("organizationId = :org and id >= :cursor order by id", run.query);
        assertEquals(new Page<>(List.of("d", "c"), false), page);
    }

    @Test
    void anotherIdFieldIsUsedForTheConditionAndTheOrder() {
        Run run = new Run();
        run.page(new PageRequest(5, "u2", null, true), "user.id", Map.of(), List.of("u2"));
        assertEquals("organizationId = :org and user.id <= :cursor order by user.id desc", run.query);
        assertEquals(Map.of("cursor", "u2"), run.params);
    }
}
