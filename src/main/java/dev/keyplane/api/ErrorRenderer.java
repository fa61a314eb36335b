package dev.keyplane.api;

import dev.keyplane.common.ApiException;

/**
 * How one dialect words a failure: the status and body for an {@link ApiException}. The classification
 * (which failure, which status in the table) is shared; a dialect only chooses its envelope, its codes and,
 * where its contract says so, another status. One bean per dialect.
 */
public interface ErrorRenderer {

    Dialect dialect();

    /** @param method the request's HTTP method, for a dialect whose codes depend on the operation */
    Rendered render(ApiException failure, String method);

    /** A rendered failure: the HTTP status and the JSON body. */
    record Rendered(int status, Object body) {}
}
