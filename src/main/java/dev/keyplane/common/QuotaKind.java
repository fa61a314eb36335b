package dev.keyplane.common;

import java.util.Arrays;

/**
 * The quotas, each with the SQLSTATE its trigger raises on refusal: the one Java list of what
 * {@code R__quotas.sql} defines in SQL (its {@code quota_sqlstate}; keep the two in step). A refusal is decoded
 * from these structured fields, never from the message text (see {@code common.ErrorMapping}):
 * <ul>
 * <li>the SQLSTATE alone says which quota refused; it survives every path, Hibernate Reactive's conversion of a
 *     failed statement into a bare {@code SQLException} included;</li>
 * <li>the DETAIL, where the driver's exception is kept (the raw reactive client, and commits, which is where the
 *     deferred triggers refuse), is JSON with the scope ({@code organization} or {@code project}), its id and the
 *     limit.</li>
 * </ul>
 * Without the DETAIL the message says what the SQLSTATE tells: the quota and what it counts.
 */
public enum QuotaKind {

    PROJECTS("projects", "KP101", "organization", "projects"),
    KEYS_PER_PROJECT("keys_per_project", "KP102", "project", "API keys"),
    MEMBERS_PER_PROJECT("members_per_project", "KP103", "project", "members"),
    SERVICE_ACCOUNTS_PER_PROJECT("service_accounts_per_project", "KP104", "project", "service accounts"),
    RESOURCES_PER_PROJECT("resources_per_project", "KP105", "project", "registered resources"),
    WEBHOOKS("webhooks", "KP106", "organization and each project", "webhooks"),
    CERTIFICATES("certificates", "KP107", "organization", "certificates");

    /** The SQLSTATE class of quota refusals: KP1xx. */
    public static final String SQLSTATE_CLASS = "KP1";
    /** A refusal by a quota the database has and this list lacks: its name is only in the DETAIL. */
    public static final String UNLISTED_SQLSTATE = "KP100";

    private final String wireName;
    private final String sqlState;
    private final String scopes;
    private final String counted;

    QuotaKind(String wireName, String sqlState, String scopes, String counted) {
        this.wireName = wireName;
        this.sqlState = sqlState;
        this.scopes = scopes;
        this.counted = counted;
    }

    /** The quota's name, as in the API, configuration ({@code keyplane.quotas.*}) and database. */
    public String wireName() {
        return wireName;
    }

    public String sqlState() {
        return sqlState;
    }

    /** What each limit applies to: the organization, each project, or (webhooks) both apart. */
    public String scopes() {
        return scopes;
    }

    /** What is counted, for messages. */
    public String counted() {
        return counted;
    }

    /** True for every SQLSTATE a quota trigger raises (class KP1). */
    public static boolean isQuotaSqlState(String sqlState) {
        return sqlState != null && sqlState.length() == 5 && sqlState.startsWith(SQLSTATE_CLASS);
    }

    /** The quota a SQLSTATE names, or null (not a quota's, or {@link #UNLISTED_SQLSTATE}). */
    public static QuotaKind bySqlState(String sqlState) {
        return Arrays.stream(values()).filter(q -> q.sqlState.equals(sqlState)).findFirst().orElse(null);
    }

    public static QuotaKind byWireName(String name) {
        return Arrays.stream(values()).filter(q -> q.wireName.equals(name)).findFirst().orElse(null);
    }

    /**
     * The message of a refusal. With the DETAIL's figures: which scope holds how many at most; without them,
     * what the SQLSTATE tells (every quota's refusal begins {@code Quota '<name>' reached}).
     *
     * @param scope   {@code organization} or {@code project}, or null when unknown
     * @param scopeId the organization's or project's id, or null when unknown
     * @param limit   the limit, or null when unknown
     */
    public String refusal(String scope, String scopeId, Integer limit) {
        return refusal(wireName, counted, scope, scopeId, limit);
    }

    /** {@link #refusal(String, String, Integer)} for a quota known by name only (from the DETAIL). */
    public static String refusal(String name, String counted, String scope, String scopeId, Integer limit) {
        String what = counted == null ? "items" : counted;
        if (scope != null && scopeId != null && limit != null) {
            return "Quota '" + name + "' reached: " + scope + " " + scopeId + " holds the most " + what + " it may (" + limit + ").";
        }
        return "Quota '" + name + "' reached: no more " + what + " fit within its limit.";
    }
}
