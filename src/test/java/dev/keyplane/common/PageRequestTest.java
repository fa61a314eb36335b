package dev.keyplane.common;

import dev.keyplane.common.PageRequest.Bounds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** List parameters (limit, after, before, order) and the keyset query they imply, without a database. */
class PageRequestTest {

    private static final String PROJECT_ID = Ids.newId(IdPrefix.PROJECT);

    private static ApiException invalid(String param, Supplier<?> request) {
        ApiException e = assertThrows(ApiException.class, request::get);
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertEquals(param, e.param(), e.getMessage());
        return e;
    }

    @Test
    void withoutParametersEachListHasItsOwnDefaults() {
        PageRequest standard = PageRequest.of(null, null, null, IdPrefix.PROJECT);
        assertEquals(new PageRequest(20, null, null, false), standard);
        assertEquals(100, PageRequest.of(null, null, null, IdPrefix.GROUP, Bounds.GROUPS).limit());
        assertEquals(1000, PageRequest.of(null, null, null, IdPrefix.ROLE, Bounds.ROLES).limit());
        assertTrue(PageRequest.of(null, null, null, IdPrefix.USER, Bounds.GROUP_USERS).descending());
        assertTrue(PageRequest.of(null, null, null, IdPrefix.PROJECT, Bounds.NEWEST_FIRST).descending());
    }

    @Test
    void theLimitIsBoundedByTheListsRangeInclusive() {
        assertEquals(1, PageRequest.of("1", null, null, IdPrefix.PROJECT).limit());
        assertEquals(100, PageRequest.of("100", null, null, IdPrefix.PROJECT).limit());
        ApiException tooMany = invalid("limit", () -> PageRequest.of("101", null, null, IdPrefix.PROJECT));
        assertEquals("limit must be between 1 and 100, got 101.", tooMany.getMessage());
        invalid("limit", () -> PageRequest.of("0", null, null, IdPrefix.PROJECT));
        invalid("limit", () -> PageRequest.of("-5", null, null, IdPrefix.PROJECT));
        // lists whose contract allows an empty page, and larger ones
        assertEquals(0, PageRequest.of("0", null, null, IdPrefix.GROUP, Bounds.GROUPS).limit());
        assertEquals(1000, PageRequest.of("1000", null, null, IdPrefix.GROUP, Bounds.GROUPS).limit());
        invalid("limit", () -> PageRequest.of("1001", null, null, IdPrefix.GROUP, Bounds.GROUPS));
    }

    @Test
    void aLimitThatIsNotAnIntegerIsA400NamingLimit() {
        assertEquals(7, PageRequest.of(" 7 ", null, null, IdPrefix.PROJECT).limit());
        for (String bad : List.of("ten", "1.5", "", "99999999999")) {
            invalid("limit", () -> PageRequest.of(bad, null, null, IdPrefix.PROJECT));
        }
    }

    @Test
    void orderIsAscOrDescExactlyAndOverridesTheDefault() {
        assertFalse(PageRequest.of(null, null, "asc", IdPrefix.PROJECT, Bounds.NEWEST_FIRST).descending());
        assertTrue(PageRequest.of(null, null, "desc", IdPrefix.PROJECT).descending());
        ApiException e = invalid("order", () -> PageRequest.of(null, null, "ASC", IdPrefix.PROJECT));
        assertEquals("order must be 'asc' or 'desc'.", e.getMessage());
        invalid("order", () -> PageRequest.of(null, null, "", IdPrefix.PROJECT));
    }

    @Test
    void aCursorMustBeAnIdOfTheListsKind() {
        assertEquals(PROJECT_ID, PageRequest.of(null, PROJECT_ID, null, IdPrefix.PROJECT).after());
        String userId = Ids.newId(IdPrefix.USER);
        ApiException e = invalid("after", () -> PageRequest.of(null, userId, null, IdPrefix.PROJECT));
        assertTrue(e.getMessage().contains(userId), e.getMessage());
        invalid("after", () -> PageRequest.of(null, "proj_", null, IdPrefix.PROJECT));
        invalid("before", () -> PageRequest.of(null, null, "nope", null, IdPrefix.PROJECT, Bounds.STANDARD));
    }

    @Test
    void afterAndBeforeTogetherAreRefused() {
        String other = Ids.newId(IdPrefix.PROJECT);
        ApiException e = invalid("before", () -> PageRequest.of(null, PROJECT_ID, other, null, IdPrefix.PROJECT, Bounds.STANDARD));
        assertEquals("Give after or before, not both.", e.getMessage());
    }

    @Test
    void theCursorIsWhicheverWasGivenAndFromStartDropsIt() {
        PageRequest before = new PageRequest(5, null, "b", true);
        assertEquals("b", before.cursor());
        assertTrue(before.backwards());
        assertEquals(new PageRequest(5, null, null, true), before.fromStart());
        assertNull(before.fromStart().cursor());
        assertFalse(new PageRequest(5, "a", null, false).backwards());
    }

    @Test
    void theFirstPageHasNoKeysetCondition() {
        PageRequest first = new PageRequest(10, null, null, false);
        assertEquals("", first.keysetCondition("id", ":cursor"));
        assertEquals(" order by id", first.orderBy("id"));
        assertEquals(" order by id desc", new PageRequest(10, null, null, true).orderBy("id"));
    }

    @Test
    void theKeysetConditionIncludesTheCursorRowInTheReadDirection() {
        // ascending list, forwards: from the cursor up
        PageRequest ascAfter = new PageRequest(10, "c", null, false);
        assertEquals(" and id >= :cursor", ascAfter.keysetCondition("id", ":cursor"));
        assertEquals(" order by id", ascAfter.orderBy("id"));
        // ascending list, backwards: from the cursor down, read in reverse
        PageRequest ascBefore = new PageRequest(10, null, "c", false);
        assertEquals(" and id <= :cursor", ascBefore.keysetCondition("id", ":cursor"));
        assertEquals(" order by id desc", ascBefore.orderBy("id"));
        // descending list, forwards: from the cursor down
        PageRequest descAfter = new PageRequest(10, "c", null, true);
        assertEquals(" and created <= $3", descAfter.keysetCondition("created", "$3"));
        assertEquals(" order by created desc", descAfter.orderBy("created"));
        // descending list, backwards: from the cursor up
        PageRequest descBefore = new PageRequest(10, null, "c", true);
        assertEquals(" and id >= :cursor", descBefore.keysetCondition("id", ":cursor"));
        assertEquals(" order by id", descBefore.orderBy("id"));
    }

    @Test
    void anUnknownCursorIsA400NamingTheParameterGiven() {
        ApiException after = new PageRequest(10, "proj_x", null, false).unknownCursor();
        assertEquals("after", after.param());
        assertEquals("after 'proj_x' does not name an object of this list.", after.getMessage());
        assertEquals("before", new PageRequest(10, null, "proj_y", false).unknownCursor().param());
    }

    @Test
    void anOverfetchedPageDropsTheExtraRowAndSaysThereIsMore() {
        assertEquals(new Page<>(List.of("a", "b"), true), Page.fromOverfetch(List.of("a", "b", "c"), 2));
        assertEquals(new Page<>(List.of("a", "b"), false), Page.fromOverfetch(List.of("a", "b"), 2));
        assertEquals(new Page<>(List.of(), false), Page.fromOverfetch(List.of(), 2));
        assertEquals(new Page<>(List.of(), true), Page.fromOverfetch(List.of("a"), 0));
        assertEquals(new Page<>(List.of(2, 4), true), new Page<>(List.of(1, 2), true).map(i -> i * 2));
    }
}
