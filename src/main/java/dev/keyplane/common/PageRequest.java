package dev.keyplane.common;

/**
 * Validated {@code limit}/{@code after}/{@code before}/{@code order} of a list request, and the keyset query
 * it implies: {@code id > :after order by id} (or the reverse), fetching one row more than asked to learn
 * {@code has_more}. {@code before} pages backwards: the rows just before the cursor, in the list's order.
 */
public record PageRequest(int limit, String after, String before, boolean descending) {

    /** What one list accepts, as the reference contract documents it: the limit's range and default, the default order. */
    public record Bounds(int defaultLimit, int minLimit, int maxLimit, boolean descendingByDefault) {
        /** Most lists: 1 to 100, 20 by default, oldest first. */
        public static final Bounds STANDARD = new Bounds(20, 1, 100, false);
        public static final Bounds GROUPS = new Bounds(100, 0, 1000, false);
        public static final Bounds GROUP_USERS = new Bounds(100, 0, 1000, true);
        public static final Bounds ROLES = new Bounds(1000, 0, 1000, false);
        /** Role assignments of a user or group: the contract gives the range, not the default. */
        public static final Bounds ROLE_ASSIGNMENTS = new Bounds(100, 0, 1000, false);
        public static final Bounds PROJECT_GROUPS = new Bounds(20, 0, 100, false);
        public static final Bounds RATE_LIMITS = new Bounds(100, 1, 100, false);
        public static final Bounds NEWEST_FIRST = new Bounds(20, 1, 100, true);
    }

    public static PageRequest of(String limit, String after, String order, IdPrefix idPrefix) {
        return of(limit, after, null, order, idPrefix, Bounds.STANDARD);
    }

    public static PageRequest of(String limit, String after, String order, IdPrefix idPrefix, Bounds bounds) {
        return of(limit, after, null, order, idPrefix, bounds);
    }

    public static PageRequest of(String limit, String after, String before, String order, IdPrefix idPrefix, Bounds bounds) {
        Integer parsed = QueryParams.integer("limit", limit);
        int l = parsed == null ? bounds.defaultLimit() : parsed;
        if (l < bounds.minLimit() || l > bounds.maxLimit()) {
            throw ApiException.invalid("limit", "limit must be between " + bounds.minLimit() + " and " + bounds.maxLimit()
                    + ", got " + l + ".");
        }
        boolean desc = bounds.descendingByDefault();
        if (order != null) {
            switch (order) {
                case "asc" -> desc = false;
                case "desc" -> desc = true;
                default -> throw ApiException.invalid("order", "order must be 'asc' or 'desc'.");
            }
        }
        requireCursor("after", after, idPrefix);
        requireCursor("before", before, idPrefix);
        if (after != null && before != null) {
            throw ApiException.invalid("before", "Give after or before, not both.");
        }
        return new PageRequest(l, after, before, desc);
    }

    private static void requireCursor(String name, String cursor, IdPrefix idPrefix) {
        if (cursor != null && !Ids.hasShape(idPrefix, cursor)) {
            throw ApiException.invalid(name, name + " must be an id returned by this list, got '" + cursor + "'.");
        }
    }

    /** The same request without a cursor. */
    public PageRequest fromStart() {
        return new PageRequest(limit, null, null, descending);
    }

    /** The cursor given, {@code after} or {@code before}; {@code null} for the first page. */
    public String cursor() {
        return after != null ? after : before;
    }

    /** Whether the rows are read against the list's order (paging backwards from {@code before}). */
    boolean backwards() {
        return before != null;
    }

    /**
     * The keyset condition on {@code field}, to be and-ed to a query that binds the cursor parameter; empty without a
     * cursor. It includes the cursor's own row, which {@link Keyset} reads first to prove the cursor is of this list.
     */
    String keysetCondition(String field, String cursorParameter) {
        if (cursor() == null) {
            return "";
        }
        boolean greater = descending == backwards();
        return " and " + field + (greater ? " >= " : " <= ") + cursorParameter;
    }

    /** The read order: the list's own, or its reverse when paging backwards. */
    String orderBy(String field) {
        return descending != backwards() ? " order by " + field + " desc" : " order by " + field;
    }

    public ApiException unknownCursor() {
        String name = after != null ? "after" : "before";
        return ApiException.invalid(name, name + " '" + cursor() + "' does not name an object of this list.");
    }
}
