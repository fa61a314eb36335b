package dev.keyplane.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A raw API key presented with a request. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
