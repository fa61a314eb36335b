package dev.keyplane.api;

/**
 * The 409 descriptions of the document. Every write gets {@link #STATE} ({@link StandardErrorsFilter}); an operation
 * that can also fail otherwise says so with its own {@code @APIResponse(responseCode = "409", description = ...)}:
 * the creates a quota counts name the quotas they can pass ({@code quota_exceeded}; the quotas and their SQLSTATEs:
 * {@code common.QuotaKind}), and the member changes that could leave an organization without an owner say
 * {@code last_owner}.
 */
public final class Conflicts {

    private static final String STATE_EXAMPLES = "(a duplicate, an archived resource, ...)";

    /** Every write's 409, unless the operation states its own. */
    public static final String STATE = "Conflict with the current state " + STATE_EXAMPLES + ".";

    private static final String QUOTA = "`quota_exceeded` when this would pass the ";
    private static final String OR_STATE = " quota (limits and usage: GET /v1/organization/quotas); otherwise a conflict with "
            + "the current state " + STATE_EXAMPLES + ".";

    public static final String PROJECTS = QUOTA + "`projects`" + OR_STATE;
    /** A project created with its creator as owner and an owner's key. */
    public static final String PROJECT_WITH_OWNER_KEY = QUOTA + "`projects`, `members_per_project` or `keys_per_project`" + OR_STATE;
    public static final String KEYS = QUOTA + "`keys_per_project`" + OR_STATE;
    /** A service account, with its first key. */
    public static final String SERVICE_ACCOUNTS = QUOTA + "`service_accounts_per_project` or `keys_per_project`" + OR_STATE;
    public static final String MEMBERS = QUOTA + "`members_per_project`" + OR_STATE;
    public static final String RESOURCES = QUOTA + "`resources_per_project`" + OR_STATE;
    public static final String WEBHOOKS = QUOTA + "`webhooks`" + OR_STATE;
    public static final String CERTIFICATES = QUOTA + "`certificates`" + OR_STATE;

    /** A change to an organization member that could leave the organization without an owner. */
    public static final String LAST_OWNER = "`last_owner` when the user is the organization's last owner; otherwise a conflict "
            + "with the current state " + STATE_EXAMPLES + ".";

    private Conflicts() {
    }
}
