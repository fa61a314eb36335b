package dev.keyplane.console;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console over plain HTTP: sign-in exchanges a key for a session cookie (HttpOnly, SameSite=Strict) and the key
 * appears in no response after it; every page carries the CSP; a form without the session's CSRF token changes
 * nothing; sign-out, the idle and absolute timeouts and revoking the key each end the session; a new key's secret is
 * shown once; a reader's pages offer no control that writes.
 */
@QuarkusTest
class ConsoleTest extends ApiTest {

    private static final String SESSION = "kp_console";
    private static final String SIGN_IN = "kp_console_sign_in";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    /** A browser: no redirects followed, cookies given explicitly. */
    private static RequestSpecification browser() {
        return RestAssured.given().redirects().follow(false);
    }

    /** Signs in with {@code key} as a browser does; returns the session cookie's value. */
    private static String signIn(String key) {
        Response form = browser().get("/console/sign-in");
        form.then().statusCode(200);
        String formToken = form.getCookie(SIGN_IN);
        Response signedIn = browser().cookie(SIGN_IN, formToken).contentType(ContentType.URLENC)
                .formParams(Map.of("key", key, "csrf", hidden(form.asString(), "csrf"))).post("/console/sign-in");
        signedIn.then().statusCode(303).header("Location", endsWith("/console"));
        String session = signedIn.getCookie(SESSION);
        assertNotNull(session, "a session cookie");
        return session;
    }

    private static org.hamcrest.Matcher<String> endsWith(String suffix) {
        return org.hamcrest.Matchers.endsWith(suffix);
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "a hidden " + name + " field");
        return m.group(1);
    }

    private static Response page(String session, String path) {
        return browser().cookie(SESSION, session).get(path);
    }

    private static Response form(String session, String path, Map<String, String> fields) {
        return browser().cookie(SESSION, session).contentType(ContentType.URLENC).formParams(fields).post(path);
    }

    @Test
    void signInExchangesTheKeyForAnHttpOnlyStrictCookieAndPagesCarryTheCsp() {
        Response form = browser().get("/console/sign-in");
        form.then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("Cache-Control", "no-store")
                .body(containsString("<label for=\"key\">"));
        assertFalse(form.asString().contains("<script>"), "no inline script");

        Response signedIn = browser().cookie(SIGN_IN, form.getCookie(SIGN_IN)).contentType(ContentType.URLENC)
                .formParams(Map.of("key", ownerKey, "csrf", hidden(form.asString(), "csrf"))).post("/console/sign-in");
        signedIn.then().statusCode(303);
        String setCookie = signedIn.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith(SESSION + "=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/console"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain HTTP here: Secure only under HTTPS: " + setCookie);
        assertFalse(signedIn.asString().contains(ownerKey) || setCookie.contains(ownerKey), "the key is not echoed");

        String session = signedIn.getCookie(SESSION);
        for (String path : List.of("/console/projects", "/console/audit")) {
            Response shown = page(session, path);
            shown.then().statusCode(200).header("Content-Security-Policy", containsString("default-src 'none'"));
            assertFalse(shown.asString().contains(ownerKey), "no key in " + path);
            assertFalse(shown.asString().contains(ownerKey.substring(ownerKey.indexOf('.') + 1)), "no secret in " + path);
        }
        page(session, "/console").then().statusCode(303).header("Location", endsWith("/console/projects"));
    }

    @Test
    void signInRefusesAMissingFormTokenAndABadKeyWithoutASession() {
        Response noToken = browser().contentType(ContentType.URLENC).formParams(Map.of("key", ownerKey, "csrf", "x")).post("/console/sign-in");
        noToken.then().statusCode(403);
        assertEquals(null, noToken.getCookie(SESSION));

        Response form = browser().get("/console/sign-in");
        Response bad = browser().cookie(SIGN_IN, form.getCookie(SIGN_IN)).contentType(ContentType.URLENC)
                .formParams(Map.of("key", "sk-admin-nonsense", "csrf", hidden(form.asString(), "csrf"))).post("/console/sign-in");
        bad.then().statusCode(401).body(containsString("not valid"));
        assertEquals(null, bad.getCookie(SESSION));
        assertFalse(bad.asString().contains("sk-admin-nonsense"), "the presented key is not echoed");
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenChangesNothing() {
        String session = signIn(ownerKey);
        int before = asOwner().queryParam("limit", 100).get(PROJECTS).then().statusCode(200).extract().path("data.size()");
        form(session, "/console/projects", Map.of("name", "forged")).then().statusCode(403).body(containsString("Nothing was changed"));
        form(session, "/console/projects", Map.of("name", "forged", "csrf", "not-the-token")).then().statusCode(403);
        assertEquals(before, (int) asOwner().queryParam("limit", 100).get(PROJECTS).then().extract().path("data.size()"));

        String csrf = hidden(page(session, "/console/projects").asString(), "csrf");
        Response created = form(session, "/console/projects", Map.of("name", "from the console", "csrf", csrf));
        created.then().statusCode(303).header("Location", containsString("/console/projects/proj_"));
        assertEquals(before + 1, (int) asOwner().queryParam("limit", 100).get(PROJECTS).then().extract().path("data.size()"));
        // the same audit entry as the API's, naming the key
        asOwner().queryParam("event_types[]", "project.created").get("/v1/organization/audit_logs").then().statusCode(200)
                .body("data[0].project.name", equalTo("from the console"));
        form(session, "/console/projects", Map.of("name", "", "csrf", csrf)).then().statusCode(400).body(containsString("name"));
    }

    @Test
    void aNewKeysSecretIsShownOnceAndVerifiesAndRevokingItRefusesIt() {
        String session = signIn(ownerKey);
        String projectId = createProject("console keys");
        String csrf = hidden(page(session, "/console/projects/" + projectId).asString(), "csrf");
        form(session, "/console/projects/" + projectId + "/service_accounts", Map.of("name", "gateway", "csrf", csrf))
                .then().statusCode(303);
        String shown = page(session, "/console/projects/" + projectId).asString();
        Matcher secret = Pattern.compile("value=\"(sk-svcacct-[^\"]+)\"").matcher(shown);
        assertTrue(secret.find(), "the new key is shown");
        String key = secret.group(1);
        assertFalse(page(session, "/console/projects/" + projectId).asString().contains(key), "and not after a reload");

        as(ownerKey).body(Map.of("key", key)).post("/v1/keys/verify").then().statusCode(200).body("code", equalTo("VALID"));
        String keyId = as(ownerKey).body(Map.of("key", key)).post("/v1/keys/verify").path("key_id");
        form(session, "/console/projects/" + projectId + "/api_keys/" + keyId + "/revoke", Map.of("csrf", csrf)).then().statusCode(303);
        as(ownerKey).body(Map.of("key", key)).post("/v1/keys/verify").then().statusCode(200).body("code", not(equalTo("VALID")));
    }

    @Test
    void signOutTimeoutsAndRevocationEndTheSession() {
        String session = signIn(ownerKey);
        String csrf = hidden(page(session, "/console/projects").asString(), "csrf");
        form(session, "/console/sign-out", Map.of("csrf", csrf)).then().statusCode(303).header("Location", endsWith("/console/sign-in"));
        page(session, "/console/projects").then().statusCode(303).header("Location", endsWith("/console/sign-in"));

        String idle = signIn(ownerKey);
        sql("UPDATE console_sessions SET last_seen_at = now() - interval '31 minutes' WHERE id_hash = $1", ConsoleSessions.digest(idle));
        page(idle, "/console/projects").then().statusCode(303).header("Location", endsWith("/console/sign-in"));

        String old = signIn(ownerKey);
        sql("UPDATE console_sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1", ConsoleSessions.digest(old));
        page(old, "/console/projects").then().statusCode(303).header("Location", endsWith("/console/sign-in"));

        String adminKey = createAdminKey("console", "owner");
        String revoked = signIn(adminKey);
        page(revoked, "/console/projects").then().statusCode(200);
        String adminKeyId = asOwner().get(ADMIN_KEYS).then().extract().path("data.find { it.name == 'console' }.id");
        asOwner().delete(ADMIN_KEYS + "/" + adminKeyId).then().statusCode(200);
        page(revoked, "/console/projects").then().statusCode(303).header("Location", endsWith("/console/sign-in"));
    }

    @Test
    void aReaderFindsNoControlThatWrites() {
        String session = signIn(createAdminKey("reader", "reader"));
        String projectId = createProject("read only");
        for (String path : List.of("/console/projects", "/console/projects/" + projectId)) {
            String html = page(session, path).then().statusCode(200).extract().asString();
            Matcher forms = Pattern.compile("<form[^>]*method=\"post\"[^>]*action=\"([^\"]+)\"").matcher(html);
            while (forms.find()) {
                assertEquals("/console/sign-out", forms.group(1), "a reader's page offers only sign-out: " + path);
            }
        }
        // and a forged write is refused by the same authorization as the API
        String csrf = hidden(page(session, "/console/projects").asString(), "csrf");
        form(session, "/console/projects", Map.of("name", "not allowed", "csrf", csrf)).then().statusCode(403)
                .body(containsString("Your key may not do this"));
    }

    private void sql(String statement, String argument) {
        pool.preparedQuery(statement).execute(Tuple.of(argument)).await().atMost(WAIT);
    }
}
