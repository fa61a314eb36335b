package dev.keyplane.common;

/** The prefix of every kind of identifier Keyplane mints. */
public enum IdPrefix {
    ORGANIZATION("org_"),
    PROJECT("proj_"),
    USER("user_"),
    SERVICE_ACCOUNT("svc_acct_"),
    API_KEY("key_"),
    GROUP("grp_"),
    CERTIFICATE("cert_"),
    ROLE("role_"),
    INVITE("invite_"),
    RATE_LIMIT("rl_"),
    AUDIT_LOG("audit_");

    private final String value;

    IdPrefix(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
