package dev.keyplane.common;

/**
 * Validated {@code limit}/{@code after}/{@code order} of a list request, and the keyset query it implies:
 * {@code id > :after order by id} (or the reverse), fetching one row more than asked to learn {@code has_more}.
 */
public record PageRequest(int limit, String after, boolean descending) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static PageRequest of(String limit, String after, String order, IdPrefix idPrefix) {
        Integer parsed = QueryParams.integer("limit", limit);
        int l = parsed == null ? DEFAULT_LIMIT : parsed;
        if (l < 1 || l > MAX_LIMIT) {
            throw ApiException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + l + ".");
        }
        boolean desc = false;
        if (order != null) {
            switch (order) {
                case "asc" -> desc = false;
                case "desc" -> desc = true;
                default -> throw ApiException.invalid("order", "order must be 'asc' or 'desc'.");
            }
        }
        if (after != null && !Ids.hasShape(idPrefix, after)) {
            throw ApiException.invalid("after", "after must be an id returned by this list, got '" + after + "'.");
        }
        return new PageRequest(l, after, desc);
    }

    /** The keyset condition on {@code field}, to be and-ed to a query that binds {@code :after}; empty without a cursor. */
    public String keysetCondition(String field) {
        return after == null ? "" : (descending ? " and " + field + " < :after" : " and " + field + " > :after");
    }

    public String orderBy(String field) {
        return descending ? " order by " + field + " desc" : " order by " + field;
    }

    public int fetchSize() {
        return limit + 1;
    }

    public ApiException unknownCursor() {
        return ApiException.invalid("after", "after '" + after + "' does not name an object of this list.");
    }
}
