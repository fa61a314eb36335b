package dev.keyplane.common;

/** The prefix of every kind of identifier Keyplane mints. */
public enum IdPrefix {
    ORGANIZATION("org_", "organization"),
    PROJECT("proj_", "project"),
    USER("user_", "user"),
    SERVICE_ACCOUNT("svc_acct_", "service account"),
    API_KEY("key_", "API key"),
    GROUP("grp_", "group"),
    CERTIFICATE("cert_", "certificate"),
    ROLE("role_", "role"),
    INVITE("invite_", "invite"),
    RATE_LIMIT("rl_", "rate limit"),
    AUDIT_LOG("audit_", "audit log event"),
    RESOURCE("res_", "resource"),
    WEBHOOK("whk_", "webhook"),
    WEBHOOK_ATTEMPT("whatt_", "webhook delivery attempt");

    private final String value;
    private final String noun;

    IdPrefix(String value, String noun) {
        this.value = value;
        this.noun = noun;
    }

    /** What an object with this prefix is called in messages ({@code "No project found with id …"}). */
    public String noun() {
        return noun;
    }

    public String value() {
        return value;
    }
}
