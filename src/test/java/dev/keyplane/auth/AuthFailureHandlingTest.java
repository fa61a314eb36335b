package dev.keyplane.auth;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AuthFailureHandling must sit between Quarkus's authentication filter and Quarkus REST's: if a Quarkus upgrade
 * moved either, it would either never see the default failure handler (and Quarkus REST would go back to working
 * out a route template on every request) or hand failures to nobody. Either way this test fails.
 */
@QuarkusTest
class AuthFailureHandlingTest extends ApiTest {

    @Test
    void theFilterRunsBetweenAuthenticationAndQuarkusRest() {
        asOwner().get(PROJECTS).then().statusCode(200);
        assertTrue(AuthFailureHandling.IN_PLACE.get(), "the filter replaced the default authentication failure handler");
    }

    @jakarta.inject.Inject
    jakarta.enterprise.inject.Instance<io.quarkus.security.identity.SecurityIdentityAugmentor> augmentors;

    /** ApiKeyAuthenticationMechanism answers cached keys without the identity provider manager, so without augmentors. */
    @Test
    void noIdentityAugmentorWouldBeSkippedByTheCachedKeyPath() {
        assertTrue(augmentors.isUnsatisfied(), "an augmentor exists: the mechanism's cached-key path must go through the manager");
    }

    @Test
    void authenticationFailuresStillGetTheErrorEnvelope() {
        RestAssured.given().header("Authorization", "Bearer sk-not-a-key").get(PROJECTS).then()
                .statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
        RestAssured.given().get(PROJECTS).then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
    }
}
