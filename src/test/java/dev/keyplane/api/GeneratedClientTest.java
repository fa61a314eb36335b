package dev.keyplane.api;

import dev.keyplane.client.ApiClient;
import dev.keyplane.client.ApiException;
import dev.keyplane.client.api.DataPlaneApi;
import dev.keyplane.client.api.ProjectApiKeysApi;
import dev.keyplane.client.api.ProjectsApi;
import dev.keyplane.client.api.ServiceAccountsApi;
import dev.keyplane.client.model.KeyVerifyRequest;
import dev.keyplane.client.model.KeyVerifyResponse;
import dev.keyplane.client.model.Project;
import dev.keyplane.client.model.ProjectApiKeyCreateRequest;
import dev.keyplane.client.model.ProjectApiKeyCreateResponse;
import dev.keyplane.client.model.ProjectCreateRequest;
import dev.keyplane.client.model.ProjectEnvironment;
import dev.keyplane.client.model.ProjectServiceAccountCreateRequest;
import dev.keyplane.client.model.ProjectServiceAccountCreateResponse;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's scenario through the Java SDK that openapi-generator makes from Keyplane's own document (at build
 * time, from src/main/openapi/keyplane.json): if the document and the server disagreed, this would not pass.
 */
@QuarkusTest
class GeneratedClientTest extends ApiTest {

    private ApiClient client(String key) {
        ApiClient client = new ApiClient(HttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(),
                RestAssured.baseURI + ":" + RestAssured.port);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        return client;
    }

    @Test
    void createAProjectMintAKeyVerifyItAndArchiveTheProject() throws ApiException {
        ApiClient owner = client(ownerKey);
        ProjectsApi projects = new ProjectsApi(owner);
        String externalId = "sdk-" + UUID.randomUUID();
        Project project = projects.createProject(new ProjectCreateRequest().name("Through the SDK").externalId(externalId)
                .environment(ProjectEnvironment.STAGING), "sdk-" + externalId);
        assertEquals("Through the SDK", project.getName());
        assertEquals(ProjectEnvironment.STAGING, project.getEnvironment());
        assertEquals(Project.ObjectEnum.ORGANIZATION_PROJECT, project.getObject());

        ProjectServiceAccountCreateResponse account = new ServiceAccountsApi(owner).createProjectServiceAccount(project.getId(),
                new ProjectServiceAccountCreateRequest().name("sdk-worker").createServiceAccountOnly(true), null);
        ProjectApiKeyCreateResponse key = new ProjectApiKeysApi(owner).createProjectApiKey(project.getId(),
                new ProjectApiKeyCreateRequest().serviceAccountId(account.getId()).name("sdk-key").scopes(List.of("orders.read")), null);
        assertTrue(key.getValue().startsWith("sk-svcacct-"));
        assertEquals(List.of("orders.read"), key.getScopes());

        DataPlaneApi dataPlane = new DataPlaneApi(owner);
        KeyVerifyResponse valid = dataPlane.verifyKey(new KeyVerifyRequest().key(key.getValue()));
        assertTrue(valid.getValid());
        assertEquals(KeyVerifyResponse.CodeEnum.VALID, valid.getCode());
        assertEquals(key.getId(), valid.getKeyId());
        assertEquals(project.getId(), valid.getProjectId());

        Project archived = projects.archiveProject(project.getId());
        assertEquals("archived", archived.getStatus());
        assertNotNull(archived.getArchivedAt());
        KeyVerifyResponse afterArchive = dataPlane.verifyKey(new KeyVerifyRequest().key(key.getValue()));
        assertFalse(afterArchive.getValid());

        // the SDK surfaces the error envelope's status for a client mistake
        ApiException missing = assertThrows(ApiException.class, () -> projects.retrieveProject("proj_doesnotexist0000000000"));
        assertEquals(404, missing.getCode());
        assertTrue(missing.getResponseBody().contains("\"error\""));
    }
}
