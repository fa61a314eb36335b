package dev.keyplane.api;

import dev.keyplane.common.IdPrefix;
import dev.keyplane.common.Ids;
import dev.keyplane.support.ApiTest;
import dev.keyplane.support.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Certificates as the reference has them: upload, activation per organization and per project, every refusal. */
@QuarkusTest
class CertificatesTest extends ApiTest {

    static final String CERTIFICATES = "/v1/organization/certificates";

    private String upload(String name, String pem) {
        return asOwner().body(Map.of("name", name, "certificate", pem)).post(CERTIFICATES).then().statusCode(200).extract().path("id");
    }

    private Response toggle(String path, List<String> ids) {
        return asOwner().body(Map.of("certificate_ids", ids)).post(path);
    }

    @Test
    void lifecycle() {
        String pem = TestCertificates.rsa("lifecycle");
        Response uploaded = asOwner().body(Map.of("name", "My Certificate", "certificate", pem)).post(CERTIFICATES);
        uploaded.then().statusCode(200)
                .body("object", equalTo("certificate"))
                .body("id", startsWith("cert_"))
                .body("name", equalTo("My Certificate"))
                .body("created_at", notNullValue())
                .body("certificate_details.valid_at", notNullValue())
                .body("certificate_details.expires_at", notNullValue())
                .body("certificate_details.content", nullValue())
                .body("active", nullValue());
        String id = uploaded.path("id");
        long valid = ((Number) uploaded.path("certificate_details.valid_at")).longValue();
        long expires = ((Number) uploaded.path("certificate_details.expires_at")).longValue();
        assertTrue(expires - valid > 360L * 24 * 3600, "a year of validity");

        asOwner().get(CERTIFICATES + "/" + id).then().statusCode(200).body("id", equalTo(id)).body("certificate_details.content", nullValue());
        asOwner().queryParam("include", "content").get(CERTIFICATES + "/" + id).then().statusCode(200)
                .body("certificate_details.content", startsWith("-----BEGIN CERTIFICATE-----"));
        asOwner().queryParam("include[]", "content").get(CERTIFICATES + "/" + id).then().statusCode(200)
                .body("certificate_details.content", containsString("-----END CERTIFICATE-----"));
        assertError(asOwner().queryParam("include", "key").get(CERTIFICATES + "/" + id), 400, "invalid_value", "include");

        // uploading does not activate
        asOwner().get(CERTIFICATES).then().statusCode(200).body("data", hasSize(1))
                .body("data[0].object", equalTo("organization.certificate")).body("data[0].active", equalTo(false));
        asOwner().body(Map.of("name", "Renamed")).post(CERTIFICATES + "/" + id).then().statusCode(200)
                .body("object", equalTo("certificate")).body("name", equalTo("Renamed"));
        assertError(asOwner().body(Map.of("certificate", pem)).post(CERTIFICATES + "/" + id), 400, "invalid_value", "certificate");

        // organization activation: idempotent
        for (int i = 0; i < 2; i++) {
            toggle(CERTIFICATES + "/activate", List.of(id)).then().statusCode(200)
                    .body("object", equalTo("organization.certificate.activation"))
                    .body("data", hasSize(1)).body("data[0].id", equalTo(id)).body("data[0].active", equalTo(true));
        }
        asOwner().get(CERTIFICATES).then().body("data[0].active", equalTo(true));
        assertError(asOwner().delete(CERTIFICATES + "/" + id), 409, "certificate_active", null);
        toggle(CERTIFICATES + "/deactivate", List.of(id)).then().statusCode(200)
                .body("object", equalTo("organization.certificate.deactivation")).body("data[0].active", equalTo(false));

        // project activation
        String project = createProject("mtls");
        String other = upload("other", TestCertificates.ecP256("lifecycle-ec"));
        String projectCertificates = PROJECTS + "/" + project + "/certificates";
        toggle(projectCertificates + "/activate", List.of(id)).then().statusCode(200)
                .body("object", equalTo("organization.project.certificate.activation"))
                .body("data[0].object", equalTo("organization.project.certificate")).body("data[0].active", equalTo(true));
        toggle(projectCertificates + "/activate", List.of(id)).then().statusCode(200);
        // newest first by default
        asOwner().get(projectCertificates).then().statusCode(200).body("data.id", equalTo(List.of(other, id)))
                .body("data.active", equalTo(List.of(false, true)));
        asOwner().queryParam("order", "asc").get(projectCertificates).then().body("data.id", equalTo(List.of(id, other)));
        asOwner().get(CERTIFICATES).then().body("data.active", equalTo(List.of(false, false)));
        assertError(asOwner().delete(CERTIFICATES + "/" + id), 409, "certificate_active", null);
        toggle(projectCertificates + "/deactivate", List.of(id)).then().statusCode(200)
                .body("object", equalTo("organization.project.certificate.deactivation")).body("data[0].active", equalTo(false));

        asOwner().delete(CERTIFICATES + "/" + id).then().statusCode(200)
                .body("object", equalTo("certificate.deleted")).body("id", equalTo(id));
        assertError(asOwner().get(CERTIFICATES + "/" + id), 404, "not_found", null);
        asOwner().get(projectCertificates).then().body("data.id", equalTo(List.of(other)));
    }

    @Test
    void everyRefusal() {
        assertError(asOwner().body(Map.of("certificate", "hello")).post(CERTIFICATES), 400, "invalid_value", "certificate");
        assertError(asOwner().body(Map.of("certificate", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"))
                .post(CERTIFICATES), 400, "invalid_value", "certificate");
        assertError(asOwner().body(Map.of("certificate", TestCertificates.expired())).post(CERTIFICATES), 400, "invalid_value", "certificate");
        assertError(asOwner().body(Map.of("certificate", TestCertificates.weakRsa())).post(CERTIFICATES), 400, "invalid_value", "certificate");
        assertError(asOwner().body(Map.of("certificate", TestCertificates.ecP521())).post(CERTIFICATES), 400, "invalid_value", "certificate");
        assertError(asOwner().body(Map.of("certificate", TestCertificates.ed25519())).post(CERTIFICATES), 400, "invalid_value", "certificate");
        assertError(asOwner().body(Map.of("certificate", TestCertificates.chain("long", 6))).post(CERTIFICATES), 400, "invalid_value", "certificate");
        // a private key next to the certificate: refused, and nothing of it is kept or echoed
        byte[] fake = new byte[64];
        new java.util.Random(7).nextBytes(fake);
        String secretBody = Base64.getEncoder().encodeToString(fake);
        Response withKey = asOwner().body(Map.of("certificate", TestCertificates.rsa("with-key")
                + "-----BEGIN PRIVATE KEY-----\n" + secretBody + "\n-----END PRIVATE KEY-----\n")).post(CERTIFICATES);
        assertError(withKey, 400, "invalid_value", "certificate");
        assertTrue(!withKey.asString().contains(secretBody));
        asOwner().get(CERTIFICATES).then().body("data", hasSize(0));
        assertError(asOwner().body(Map.of("certificate", "x".repeat(70_000))).post(CERTIFICATES), 400, "invalid_value", "certificate");
        assertError(asOwner().body(Map.of("name", "no certificate")).post(CERTIFICATES), 400, "invalid_value", "certificate");
        assertError(asOwner().body(Map.of("certificate", "c", "active", true)).post(CERTIFICATES), 400, "invalid_value", "active");

        // accepted: EC P-256 and a two-certificate chain
        upload("ec", TestCertificates.ecP256("refusals-ec"));
        String chained = upload("chain", TestCertificates.chain("short", 2));
        asOwner().queryParam("include", "content").get(CERTIFICATES + "/" + chained).then()
                .body("certificate_details.content", org.hamcrest.Matchers.matchesPattern("(?s)(-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\\s*){2}"));

        // the same certificate twice: 409 naming the first
        Response duplicate = asOwner().body(Map.of("certificate", TestCertificates.ecP256("refusals-ec"))).post(CERTIFICATES);
        assertError(duplicate, 409, "certificate_exists", "certificate");
        assertTrue(duplicate.<String>path("error.message").contains("cert_"));

        // activation takes 1 to 10 ids, all known, or changes nothing
        List<String> eleven = Collections.nCopies(11, chained);
        assertError(toggle(CERTIFICATES + "/activate", eleven), 400, "invalid_value", "certificate_ids");
        assertError(toggle(CERTIFICATES + "/activate", List.of()), 400, "invalid_value", "certificate_ids");
        assertError(asOwner().body(Map.of()).post(CERTIFICATES + "/activate"), 400, "invalid_value", "certificate_ids");
        assertError(toggle(CERTIFICATES + "/activate", List.of(chained, Ids.newId(IdPrefix.CERTIFICATE))), 404, "not_found", null);
        assertError(toggle(CERTIFICATES + "/activate", List.of(chained, "cert_abc")), 404, "not_found", null);
        asOwner().get(CERTIFICATES + "?limit=100").then().body("data.active", not(org.hamcrest.Matchers.hasItem(true)));
        assertError(asOwner().body(Map.of("certificate_ids", List.of("a\u0000"))).post(CERTIFICATES + "/activate"),
                400, "invalid_value", "certificate_ids[0]");
    }

    @Test
    void anOrganizationHoldsALimitedNumber() {
        // the test profile sets the quota to 4 (production: 50)
        for (int i = 0; i < 4; i++) {
            upload("c" + i, TestCertificates.rsa("quota-" + i));
        }
        Response over = asOwner().body(Map.of("certificate", TestCertificates.rsa("quota-4"))).post(CERTIFICATES);
        assertError(over, 409, "quota_exceeded", null);
        assertTrue(over.<String>path("error.message").contains("Quota 'certificates' reached: organization " + organizationId
                + " holds the most certificates it may (4)."), over.asString());
    }

    @Test
    void permissionsAndTenancy() {
        String id = upload("mine", TestCertificates.rsa("tenancy"));
        String project = createProject("p");
        String reader = createAdminKey("reader", "reader");
        as(reader).get(CERTIFICATES).then().statusCode(200);
        assertError(as(reader).body(Map.of("certificate", TestCertificates.rsa("tenancy-2"))).post(CERTIFICATES), 403, "insufficient_permissions", null);
        assertError(as(reader).body(Map.of("certificate_ids", List.of(id))).post(CERTIFICATES + "/activate"), 403, "insufficient_permissions", null);

        String member = addUser("m@example.com", "reader");
        addToProject(project, member, "member");
        String memberKey = projectKey(project, member);
        as(memberKey).get(PROJECTS + "/" + project + "/certificates").then().statusCode(200);
        assertError(as(memberKey).body(Map.of("certificate_ids", List.of(id))).post(PROJECTS + "/" + project + "/certificates/activate"),
                403, "insufficient_permissions", null);
        assertError(as(memberKey).get(CERTIFICATES), 403, "insufficient_permissions", null);
        String admin = addUser("a@example.com", "reader");
        addToProject(project, admin, "admin");
        as(projectKey(project, admin)).body(Map.of("certificate_ids", List.of(id))).post(PROJECTS + "/" + project + "/certificates/activate")
                .then().statusCode(200);

        String stranger = asSystem().body(Map.of("name", "stranger")).post(ORGANIZATIONS).then().extract().path("admin_key.value");
        assertError(as(stranger).get(CERTIFICATES + "/" + id), 404, "not_found", null);
        assertError(as(stranger).body(Map.of("name", "x")).post(CERTIFICATES + "/" + id), 404, "not_found", null);
        assertError(as(stranger).delete(CERTIFICATES + "/" + id), 404, "not_found", null);
        assertError(as(stranger).body(Map.of("certificate_ids", List.of(id))).post(CERTIFICATES + "/activate"), 404, "not_found", null);
        assertError(as(stranger).get(PROJECTS + "/" + project + "/certificates"), 404, "not_found", null);
        as(stranger).get(CERTIFICATES).then().body("data", hasSize(0));
        // a stranger may upload the same certificate to their own organization
        as(stranger).body(Map.of("certificate", TestCertificates.rsa("tenancy"))).post(CERTIFICATES).then().statusCode(200);
        String strangersProject = as(stranger).body(Map.of("name", "theirs")).post(PROJECTS).then().extract().path("id");
        assertError(as(stranger).body(Map.of("certificate_ids", List.of(id))).post(PROJECTS + "/" + strangersProject + "/certificates/activate"),
                404, "not_found", null);
    }
}
