package dev.keyplane.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/** Document-level OpenAPI metadata: the title and the two ways to present a key. */
@OpenAPIDefinition(info = @Info(title = "Keyplane API", version = "1.0",
        description = "Organizations, projects, members, service accounts and API keys. The /v1/organization "
                + "operations are wire-compatible with the OpenAI Admin API; operations and fields marked "
                + "x-keyplane-extension are Keyplane's additions."))
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = OpenApiDefinition.ADMIN_AUTH, type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "An admin key (sk-admin-...) as a bearer token."),
        @SecurityScheme(securitySchemeName = OpenApiDefinition.API_KEY_HEADER, type = SecuritySchemeType.APIKEY,
                in = SecuritySchemeIn.HEADER, apiKeyName = "X-API-Key",
                description = "The same key in the X-API-Key header."),
        @SecurityScheme(securitySchemeName = OpenApiDefinition.SYSTEM_AUTH, type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "The operator's system key (KEYPLANE_SYSTEM_KEY).")
})
public class OpenApiDefinition extends Application {

    public static final String ADMIN_AUTH = "AdminApiKeyAuth";
    public static final String API_KEY_HEADER = "ApiKeyHeader";
    public static final String SYSTEM_AUTH = "SystemKeyAuth";
    /** Marks what Keyplane adds to the reference contract. */
    public static final String EXTENSION = "x-keyplane-extension";
}
