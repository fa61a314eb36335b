package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import dev.keyplane.support.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/** mTLS-bound keys: a project that requires a client certificate refuses its keys without a matching, live one. */
@QuarkusTest
class ClientCertificateBindingTest extends ApiTest {

    static final String CERTIFICATES = "/v1/organization/certificates";
    static final String VERIFY = "/v1/keys/verify";
    static final String CHECK = "/v1/auth/check";

    @Inject
    Pool pool;

    private static String fingerprint(String pem) {
        try {
            var certificate = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String upload(String pem) {
        return asOwner().body(Map.of("certificate", pem)).post(CERTIFICATES).then().statusCode(200).extract().path("id");
    }

    private Response verify(String key, Map<String, String> headers, String fingerprint) {
        Map<String, Object> body = fingerprint == null ? Map.of("key", key) : Map.of("key", key, "client_certificate_fingerprint", fingerprint);
        return asOwner().headers(headers).body(body).post(VERIFY);
    }

    @Test
    void aProjectThatRequiresACertificateRefusesKeysWithoutAMatchingOne() {
        String project = createProject("mtls");
        String key = serviceAccountKey(project, "member");
        String pemA = TestCertificates.rsa("binding-a");
        String pemB = TestCertificates.ecP256("binding-b");
        String a = upload(pemA);
        String b = upload(pemB);
        asOwner().body(Map.of("certificate_ids", List.of(a))).post(PROJECTS + "/" + project + "/certificates/activate").then().statusCode(200);

        // not required yet: a key alone is valid
        verify(key, Map.of(), null).then().statusCode(200).body("code", equalTo("VALID"));
        asOwner().body(Map.of("require_client_certificate", true)).post(PROJECTS + "/" + project).then().statusCode(200)
                .body("require_client_certificate", equalTo(true));

        String fpA = fingerprint(pemA);
        verify(key, Map.of(), null).then().statusCode(200).body("valid", equalTo(false)).body("code", equalTo("CERTIFICATE_REQUIRED"));
        verify(key, Map.of(), fpA).then().body("valid", equalTo(true)).body("code", equalTo("VALID"));
        verify(key, Map.of(), fpA.toUpperCase()).then().body("code", equalTo("VALID"));
        verify(key, Map.of(), fingerprint(pemB)).then().body("valid", equalTo(false)).body("code", equalTo("CERTIFICATE_MISMATCH"));
        // Envoy's header: Hash=, or the URL-encoded certificate
        verify(key, Map.of("X-Forwarded-Client-Cert", "By=spiffe://gw;Hash=" + fpA + ";Subject=\"CN=binding-a\""), null)
                .then().body("code", equalTo("VALID"));
        verify(key, Map.of("X-Forwarded-Client-Cert", "Cert=\"" + URLEncoder.encode(pemA, StandardCharsets.UTF_8) + "\""), null)
                .then().body("code", equalTo("VALID"));
        verify(key, Map.of("X-Forwarded-Client-Cert", "Hash=" + fingerprint(pemB)), null).then().body("code", equalTo("CERTIFICATE_MISMATCH"));
        // nginx's header: $ssl_client_escaped_cert
        verify(key, Map.of("ssl-client-cert", URLEncoder.encode(pemA, StandardCharsets.UTF_8)), null).then().body("code", equalTo("VALID"));
        verify(key, Map.of("ssl-client-cert", URLEncoder.encode(pemB, StandardCharsets.UTF_8)), null)
                .then().body("code", equalTo("CERTIFICATE_MISMATCH"));
        verify(key, Map.of("ssl-client-cert", "not a certificate"), null).then().body("code", equalTo("CERTIFICATE_MISMATCH"));

        // forward-auth: 401 without a matching certificate, 200 with one, in both header formats
        RestAssured.given().header("Authorization", "Bearer " + key).get(CHECK).then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer " + key).header("X-Forwarded-Client-Cert", "Hash=" + fpA).get(CHECK)
                .then().statusCode(200);
        RestAssured.given().header("Authorization", "Bearer " + key)
                .header("ssl-client-cert", URLEncoder.encode(pemA, StandardCharsets.UTF_8)).get(CHECK).then().statusCode(200);
        RestAssured.given().header("Authorization", "Bearer " + key)
                .header("ssl-client-cert", URLEncoder.encode(pemB, StandardCharsets.UTF_8)).get(CHECK).then().statusCode(401);

        // the organization's activation serves every project; deactivating takes effect at once
        asOwner().body(Map.of("certificate_ids", List.of(b))).post(CERTIFICATES + "/activate").then().statusCode(200);
        verify(key, Map.of(), fingerprint(pemB)).then().body("code", equalTo("VALID"));
        asOwner().body(Map.of("certificate_ids", List.of(a))).post(PROJECTS + "/" + project + "/certificates/deactivate").then().statusCode(200);
        verify(key, Map.of(), fpA).then().body("code", equalTo("CERTIFICATE_MISMATCH"));

        // turning the requirement off frees the keys again
        asOwner().body(Map.of("require_client_certificate", false)).post(PROJECTS + "/" + project).then().statusCode(200);
        verify(key, Map.of(), null).then().body("code", equalTo("VALID"));
    }

    @Test
    void anExpiredCertificateNoLongerMatches() {
        String project = createProject("expiring");
        String key = serviceAccountKey(project, "member");
        // a certificate that expired after its upload: written as the upload would have, then aged
        String expiredFingerprint = "ab".repeat(32);
        pool.preparedQuery("""
                        INSERT INTO certificates (id, organization_id, name, fingerprint, subject, content, valid_at, expires_at, created_at, active)
                        VALUES ($1, $2, 'old', $3, 'CN=old', 'x', now() - interval '2 days', now() - interval '1 day', now(), true)""")
                .execute(Tuple.of("cert_" + project.substring(5), organizationId, expiredFingerprint)).await().indefinitely();
        String live = TestCertificates.rsa("binding-live");
        asOwner().body(Map.of("certificate_ids", List.of(upload(live)))).post(CERTIFICATES + "/activate").then().statusCode(200);
        asOwner().body(Map.of("require_client_certificate", true)).post(PROJECTS + "/" + project).then().statusCode(200);
        verify(key, Map.of(), expiredFingerprint).then().body("valid", equalTo(false)).body("code", equalTo("CERTIFICATE_MISMATCH"));
        verify(key, Map.of(), fingerprint(live)).then().body("code", equalTo("VALID"));
        // an admin key belongs to no project: no certificate is asked of it
        verify(ownerKey, Map.of(), null).then().body("code", equalTo("VALID"));
    }
}
