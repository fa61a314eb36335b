package dev.keyplane.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.models.admin.organization.adminapikeys.AdminApiKey;
import com.openai.models.admin.organization.adminapikeys.AdminApiKeyCreateParams;
import com.openai.models.admin.organization.adminapikeys.AdminApiKeyCreateResponse;
import com.openai.models.admin.organization.adminapikeys.AdminApiKeyDeleteResponse;
import com.openai.models.admin.organization.adminapikeys.AdminApiKeyListPage;
import com.openai.models.admin.organization.adminapikeys.AdminApiKeyListParams;
import com.openai.models.admin.organization.auditlogs.AuditLogListPage;
import com.openai.models.admin.organization.auditlogs.AuditLogListParams;
import com.openai.models.admin.organization.auditlogs.AuditLogListResponse;
import com.openai.models.admin.organization.certificates.Certificate;
import com.openai.models.admin.organization.certificates.CertificateActivateParams;
import com.openai.models.admin.organization.certificates.CertificateActivateResponse;
import com.openai.models.admin.organization.certificates.CertificateCreateParams;
import com.openai.models.admin.organization.certificates.CertificateDeactivateParams;
import com.openai.models.admin.organization.certificates.CertificateDeleteResponse;
import com.openai.models.admin.organization.certificates.CertificateListPage;
import com.openai.models.admin.organization.certificates.CertificateListParams;
import com.openai.models.admin.organization.certificates.CertificateListResponse;
import com.openai.models.admin.organization.certificates.CertificateRetrieveParams;
import com.openai.models.admin.organization.certificates.CertificateUpdateParams;
import com.openai.models.admin.organization.groups.Group;
import com.openai.models.admin.organization.groups.GroupCreateParams;
import com.openai.models.admin.organization.groups.GroupDeleteResponse;
import com.openai.models.admin.organization.groups.GroupListPage;
import com.openai.models.admin.organization.groups.GroupListParams;
import com.openai.models.admin.organization.groups.GroupUpdateParams;
import com.openai.models.admin.organization.groups.GroupUpdateResponse;
import com.openai.models.admin.organization.invites.Invite;
import com.openai.models.admin.organization.invites.InviteCreateParams;
import com.openai.models.admin.organization.invites.InviteDeleteResponse;
import com.openai.models.admin.organization.invites.InviteListPage;
import com.openai.models.admin.organization.invites.InviteListParams;
import com.openai.models.admin.organization.projects.Project;
import com.openai.models.admin.organization.projects.ProjectCreateParams;
import com.openai.models.admin.organization.projects.ProjectListPage;
import com.openai.models.admin.organization.projects.ProjectListParams;
import com.openai.models.admin.organization.projects.ProjectResidency;
import com.openai.models.admin.organization.projects.ProjectUpdateParams;
import com.openai.models.admin.organization.projects.apikeys.ApiKeyListPage;
import com.openai.models.admin.organization.projects.apikeys.ApiKeyListParams;
import com.openai.models.admin.organization.projects.apikeys.ProjectApiKey;
import com.openai.models.admin.organization.projects.groups.ProjectGroup;
import com.openai.models.admin.organization.projects.ratelimits.ProjectRateLimit;
import com.openai.models.admin.organization.projects.ratelimits.RateLimitListRateLimitsPage;
import com.openai.models.admin.organization.projects.ratelimits.RateLimitListRateLimitsParams;
import com.openai.models.admin.organization.projects.ratelimits.RateLimitUpdateRateLimitParams;
import com.openai.models.admin.organization.projects.serviceaccounts.ProjectServiceAccount;
import com.openai.models.admin.organization.projects.serviceaccounts.ServiceAccountCreateParams;
import com.openai.models.admin.organization.projects.serviceaccounts.ServiceAccountCreateResponse;
import com.openai.models.admin.organization.projects.serviceaccounts.ServiceAccountDeleteResponse;
import com.openai.models.admin.organization.projects.serviceaccounts.ServiceAccountListPage;
import com.openai.models.admin.organization.projects.serviceaccounts.ServiceAccountListParams;
import com.openai.models.admin.organization.projects.serviceaccounts.ServiceAccountRetrieveParams;
import com.openai.models.admin.organization.projects.serviceaccounts.ServiceAccountUpdateParams;
import com.openai.models.admin.organization.projects.users.ProjectUser;
import com.openai.models.admin.organization.roles.Role;
import com.openai.models.admin.organization.roles.RoleCreateParams;
import com.openai.models.admin.organization.roles.RoleDeleteResponse;
import com.openai.models.admin.organization.roles.RoleListPage;
import com.openai.models.admin.organization.roles.RoleListParams;
import com.openai.models.admin.organization.roles.RoleUpdateParams;
import com.openai.models.admin.organization.users.OrganizationUser;
import com.openai.models.admin.organization.users.UserDeleteResponse;
import com.openai.models.admin.organization.users.UserListPage;
import com.openai.models.admin.organization.users.UserListParams;
import com.openai.models.admin.organization.users.UserUpdateParams;
import com.openai.services.blocking.admin.OrganizationService;
import dev.keyplane.support.ApiTest;
import dev.keyplane.support.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyplane through the official OpenAI Java SDK (com.openai:openai-java), with its own services, params and
 * models and {@code responseValidation(true)}: every Admin API operation the SDK has and Keyplane serves, every
 * filter and both page directions where the SDK has them. Each step asserts the returned model carries what was
 * sent. What the SDK cannot do (add a member directly, mint a user's project key, create a rate limit) is set up
 * with REST Assured. docs/sdks.md lists where the SDK and the reference contract disagree; the reference wins.
 */
@QuarkusTest
class OpenAiSdkTest extends ApiTest {

    private OpenAIClient client;

    @BeforeEach
    void sdk() {
        // The SDK's base URL includes /v1; admin operations authenticate with the admin key setting alone.
        client = OpenAIOkHttpClient.builder()
                .baseUrl(RestAssured.baseURI + ":" + RestAssured.port + "/v1")
                .adminApiKey(ownerKey)
                .responseValidation(true)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterEach
    void closeSdk() {
        if (client != null) {
            client.close();
        }
    }

    private OrganizationService org() {
        return client.admin().organization();
    }

    // ---------------------------------------------------------------- projects

    @Test
    void projects() {
        Project created = org().projects().create(ProjectCreateParams.builder()
                .name("SDK project").externalKeyId("ekm-1").residency(ProjectResidency.EU_STORAGE_PROCESSING).build());
        assertTrue(created.id().startsWith("proj_"));
        assertEquals(Optional.of("SDK project"), created.name());
        assertEquals(Optional.of("ekm-1"), created.externalKeyId());
        assertEquals(Optional.of(ProjectResidency.EU_STORAGE_PROCESSING), created.residency());
        assertEquals(Optional.of("active"), created.status());
        assertEquals(Optional.empty(), created.archivedAt());

        Project retrieved = org().projects().retrieve(created.id());
        assertEquals(created.id(), retrieved.id());
        assertEquals(created.name(), retrieved.name());
        assertEquals(created.createdAt(), retrieved.createdAt());

        Project renamed = org().projects().update(ProjectUpdateParams.builder().projectId(created.id()).name("SDK project, renamed").build());
        assertEquals(created.id(), renamed.id());
        assertEquals(Optional.of("SDK project, renamed"), renamed.name());
        assertEquals(Optional.of("ekm-1"), renamed.externalKeyId());

        List<String> ids = new ArrayList<>(List.of(created.id()));
        for (int i = 0; i < 4; i++) {
            ids.add(org().projects().create(ProjectCreateParams.builder().name("p" + i).build()).id());
        }
        // forwards with after: by hand and through the SDK's own next page
        List<String> all = org().projects().list(ProjectListParams.builder().limit(100).build()).items().stream().map(Project::id).toList();
        assertEquals(sorted(ids), sorted(all));
        assertEquals(all, pages(org().projects().list(ProjectListParams.builder().limit(2).build()), ProjectListPage::items,
                ProjectListPage::hasNextPage, ProjectListPage::nextPage, Project::id));
        ProjectListPage second = org().projects().list(ProjectListParams.builder().limit(2).after(all.get(1)).build());
        assertEquals(all.subList(2, 4), second.items().stream().map(Project::id).toList());
        assertEquals(Optional.of(true), second.hasMore());
        assertEquals(Optional.of(all.get(3)), second.lastId());

        // archive; include_archived both ways
        Project archived = org().projects().archive(ids.get(1));
        assertEquals(ids.get(1), archived.id());
        assertEquals(Optional.of("archived"), archived.status());
        assertTrue(archived.archivedAt().isPresent());
        List<String> active = org().projects().list(ProjectListParams.builder().limit(100).build()).items().stream().map(Project::id).toList();
        assertFalse(active.contains(ids.get(1)));
        assertEquals(4, active.size());
        List<String> withArchived = org().projects().list(ProjectListParams.builder().limit(100).includeArchived(true).build())
                .items().stream().map(Project::id).toList();
        assertTrue(withArchived.contains(ids.get(1)));
        assertEquals(5, withArchived.size());
        assertEquals(4, org().projects().list(ProjectListParams.builder().includeArchived(false).build()).items().size());
    }

    // ---------------------------------------------------------------- users

    @Test
    void users() {
        String ada = addUser("ada@example.com", "reader");
        String bob = addUser("bob@example.com", "reader");
        addUser("cy@example.com", "owner");

        OrganizationUser retrieved = org().users().retrieve(ada);
        assertEquals(ada, retrieved.id());
        assertEquals(Optional.of("ada@example.com"), retrieved.email());
        assertEquals(Optional.of("reader"), retrieved.role());
        assertEquals(ada, retrieved.user().orElseThrow().id());

        OrganizationUser promoted = org().users().update(UserUpdateParams.builder().userId(ada).role("owner")
                .technicalLevel("engineer").developerPersona("backend").build());
        assertEquals(ada, promoted.id());
        assertEquals(Optional.of("owner"), promoted.role());
        assertEquals(Optional.of("engineer"), promoted.technicalLevel());
        assertEquals(Optional.of("backend"), promoted.developerPersona());
        String readerRole = predefinedRole("api.organization", "reader").id();
        OrganizationUser demoted = org().users().update(UserUpdateParams.builder().userId(ada).roleId(readerRole).build());
        assertEquals(Optional.of("reader"), demoted.role());
        assertEquals(Optional.of("engineer"), demoted.technicalLevel());

        // four members: the organization's owner and three; forwards with after
        List<String> all = org().users().list(UserListParams.builder().limit(100).build()).items().stream().map(OrganizationUser::id).toList();
        assertEquals(4, all.size());
        assertTrue(all.containsAll(List.of(ada, bob, ownerUserId())));
        assertEquals(all, pages(org().users().list(UserListParams.builder().limit(3).build()), UserListPage::items,
                UserListPage::hasNextPage, UserListPage::nextPage, OrganizationUser::id));
        UserListPage afterFirst = org().users().list(UserListParams.builder().limit(2).after(all.get(0)).build());
        assertEquals(all.subList(1, 3), afterFirst.items().stream().map(OrganizationUser::id).toList());

        UserDeleteResponse deleted = org().users().delete(bob);
        assertEquals(bob, deleted.id());
        assertTrue(deleted.deleted());
        assertEquals(3, org().users().list().items().size());
    }

    /** The SDK sends the filter as {@code emails[]=…} (the reference names it {@code emails}): only the matching users come back. */
    @Test
    void usersFilteredByEmail() {
        String ada = addUser("ada@example.com", "reader");
        addUser("bob@example.com", "reader");
        List<OrganizationUser> found = org().users().list(UserListParams.builder().addEmail("ada@example.com").build()).items();
        assertEquals(List.of(ada), found.stream().map(OrganizationUser::id).toList());
        assertEquals(Optional.of("ada@example.com"), found.get(0).email());
        List<String> two = org().users().list(UserListParams.builder().addEmail("ada@example.com").addEmail("admin@keyplane.local").build())
                .items().stream().map(OrganizationUser::id).toList();
        assertEquals(sorted(List.of(ada, ownerUserId())), sorted(two));
    }

    // ---------------------------------------------------------------- invites

    @Test
    void invites() {
        String projectId = createProject("welcome");
        Invite invite = org().invites().create(InviteCreateParams.builder().email("new@example.com").role(InviteCreateParams.Role.READER)
                .addProject(InviteCreateParams.Project.builder().id(projectId).role(InviteCreateParams.Project.Role.OWNER).build()).build());
        assertTrue(invite.id().startsWith("invite_"));
        assertEquals("new@example.com", invite.email());
        assertEquals(Invite.Role.READER, invite.role());
        assertEquals(Invite.Status.PENDING, invite.status());
        assertEquals(Optional.empty(), invite.acceptedAt());
        assertEquals(1, invite.projects().size());
        assertEquals(projectId, invite.projects().get(0).id());
        assertEquals(Invite.Project.Role.OWNER, invite.projects().get(0).role());

        Invite retrieved = org().invites().retrieve(invite.id());
        assertEquals(invite.id(), retrieved.id());
        assertEquals(invite.email(), retrieved.email());
        assertEquals(invite.projects(), retrieved.projects());

        List<String> ids = new ArrayList<>(List.of(invite.id()));
        for (int i = 0; i < 3; i++) {
            Invite owner = org().invites().create(InviteCreateParams.builder().email("o" + i + "@example.com")
                    .role(InviteCreateParams.Role.OWNER).build());
            assertEquals(Invite.Role.OWNER, owner.role());
            assertEquals(List.of(), owner.projects());
            ids.add(owner.id());
        }
        List<String> all = org().invites().list(InviteListParams.builder().limit(100).build()).items().stream().map(Invite::id).toList();
        assertEquals(sorted(ids), sorted(all));
        assertEquals(all, pages(org().invites().list(InviteListParams.builder().limit(3).build()), InviteListPage::items,
                InviteListPage::hasNextPage, InviteListPage::nextPage, Invite::id));
        assertEquals(all.subList(2, 4), org().invites().list(InviteListParams.builder().limit(2).after(all.get(1)).build())
                .items().stream().map(Invite::id).toList());

        InviteDeleteResponse deleted = org().invites().delete(invite.id());
        assertEquals(invite.id(), deleted.id());
        assertTrue(deleted.deleted());
        assertEquals(3, org().invites().list().items().size());
    }

    // ---------------------------------------------------------------- project users

    @Test
    void projectUsers() {
        String projectId = createProject("team");
        String ada = addUser("ada@example.com", "reader");
        String bob = addUser("bob@example.com", "reader");
        String cy = addUser("cy@example.com", "reader");

        ProjectUser byId = org().projects().users().create(com.openai.models.admin.organization.projects.users.UserCreateParams.builder()
                .projectId(projectId).userId(ada).role("owner").build());
        assertEquals(ada, byId.id());
        assertEquals("owner", byId.role());
        assertEquals(Optional.of("ada@example.com"), byId.email());
        ProjectUser byEmail = org().projects().users().create(com.openai.models.admin.organization.projects.users.UserCreateParams.builder()
                .projectId(projectId).email("bob@example.com").role("member").build());
        assertEquals(bob, byEmail.id());
        assertEquals("member", byEmail.role());
        org().projects().users().create(com.openai.models.admin.organization.projects.users.UserCreateParams.builder()
                .projectId(projectId).userId(cy).role("member").build());

        ProjectUser retrieved = org().projects().users().retrieve(com.openai.models.admin.organization.projects.users.UserRetrieveParams.builder()
                .projectId(projectId).userId(bob).build());
        assertEquals(bob, retrieved.id());
        assertEquals("member", retrieved.role());
        assertEquals(byEmail.addedAt(), retrieved.addedAt());

        ProjectUser changed = org().projects().users().update(com.openai.models.admin.organization.projects.users.UserUpdateParams.builder()
                .projectId(projectId).userId(bob).role("owner").build());
        assertEquals(bob, changed.id());
        assertEquals("owner", changed.role());

        List<String> all = org().projects().users().list(com.openai.models.admin.organization.projects.users.UserListParams.builder()
                .projectId(projectId).limit(100).build()).items().stream().map(ProjectUser::id).toList();
        assertEquals(sorted(List.of(ada, bob, cy)), sorted(all));
        assertEquals(all, pages(org().projects().users().list(com.openai.models.admin.organization.projects.users.UserListParams.builder()
                        .projectId(projectId).limit(2).build()),
                com.openai.models.admin.organization.projects.users.UserListPage::items,
                com.openai.models.admin.organization.projects.users.UserListPage::hasNextPage,
                com.openai.models.admin.organization.projects.users.UserListPage::nextPage, ProjectUser::id));
        assertEquals(all.subList(1, 3), org().projects().users().list(com.openai.models.admin.organization.projects.users.UserListParams.builder()
                .projectId(projectId).after(all.get(0)).build()).items().stream().map(ProjectUser::id).toList());

        var removed = org().projects().users().delete(com.openai.models.admin.organization.projects.users.UserDeleteParams.builder()
                .projectId(projectId).userId(cy).build());
        assertEquals(cy, removed.id());
        assertTrue(removed.deleted());

        // an owner while another remains: demoted (and promoted again), or removed
        ProjectUser demoted = org().projects().users().update(com.openai.models.admin.organization.projects.users.UserUpdateParams.builder()
                .projectId(projectId).userId(ada).role("member").build());
        assertEquals("member", demoted.role());
        assertEquals("owner", org().projects().users().update(com.openai.models.admin.organization.projects.users.UserUpdateParams.builder()
                .projectId(projectId).userId(ada).role("owner").build()).role());
        var ownerRemoved = org().projects().users().delete(com.openai.models.admin.organization.projects.users.UserDeleteParams.builder()
                .projectId(projectId).userId(bob).build());
        assertEquals(bob, ownerRemoved.id());
        assertEquals(List.of(ada), org().projects().users().list(com.openai.models.admin.organization.projects.users.UserListParams.builder()
                .projectId(projectId).build()).items().stream().map(ProjectUser::id).toList());
    }

    /** The reference lets the last project owner be demoted (200): the organization's owners still own every project. */
    @Test
    void theLastProjectOwnerCanBeDemoted() {
        String projectId = createProject("owned");
        String ada = addUser("ada@example.com", "reader");
        addToProject(projectId, ada, "owner");
        ProjectUser demoted = org().projects().users().update(com.openai.models.admin.organization.projects.users.UserUpdateParams.builder()
                .projectId(projectId).userId(ada).role("member").build());
        assertEquals(ada, demoted.id());
        assertEquals("member", demoted.role());
    }

    /** The reference lets the last project owner be removed (200). */
    @Test
    void theLastProjectOwnerCanBeRemoved() {
        String projectId = createProject("owned");
        String ada = addUser("ada@example.com", "reader");
        addToProject(projectId, ada, "owner");
        var removed = org().projects().users().delete(com.openai.models.admin.organization.projects.users.UserDeleteParams.builder()
                .projectId(projectId).userId(ada).build());
        assertEquals(ada, removed.id());
        assertTrue(removed.deleted());
    }

    // ---------------------------------------------------------------- service accounts and project API keys

    @Test
    void serviceAccountsAndProjectApiKeys() {
        String projectId = createProject("bots");
        ServiceAccountCreateResponse created = org().projects().serviceAccounts().create(ServiceAccountCreateParams.builder()
                .projectId(projectId).name("deployer").build());
        assertTrue(created.id().startsWith("svc_acct_"));
        assertEquals("deployer", created.name());
        assertEquals(ServiceAccountCreateResponse.Role.MEMBER, created.role());
        ServiceAccountCreateResponse.ApiKey firstKey = created.apiKey().orElseThrow();
        assertTrue(firstKey.value().startsWith("sk-svcacct-"));
        assertTrue(firstKey.id().startsWith("key_"));

        ServiceAccountCreateResponse bare = org().projects().serviceAccounts().create(ServiceAccountCreateParams.builder()
                .projectId(projectId).name("bare").createServiceAccountOnly(true).build());
        assertEquals("bare", bare.name());
        assertEquals(Optional.empty(), bare.apiKey());
        String third = org().projects().serviceAccounts().create(ServiceAccountCreateParams.builder()
                .projectId(projectId).name("third").build()).id();

        ProjectServiceAccount retrieved = org().projects().serviceAccounts().retrieve(ServiceAccountRetrieveParams.builder()
                .projectId(projectId).serviceAccountId(created.id()).build());
        assertEquals(created.id(), retrieved.id());
        assertEquals("deployer", retrieved.name());
        assertEquals(ProjectServiceAccount.Role.MEMBER, retrieved.role());
        assertEquals(created.createdAt(), retrieved.createdAt());

        ProjectServiceAccount updated = org().projects().serviceAccounts().update(ServiceAccountUpdateParams.builder()
                .projectId(projectId).serviceAccountId(created.id()).name("deployer-2").role(ServiceAccountUpdateParams.Role.OWNER).build());
        assertEquals("deployer-2", updated.name());
        assertEquals(ProjectServiceAccount.Role.OWNER, updated.role());

        List<String> accounts = org().projects().serviceAccounts().list(ServiceAccountListParams.builder().projectId(projectId).limit(100).build())
                .items().stream().map(ProjectServiceAccount::id).toList();
        assertEquals(sorted(List.of(created.id(), bare.id(), third)), sorted(accounts));
        assertEquals(accounts, pages(org().projects().serviceAccounts().list(ServiceAccountListParams.builder().projectId(projectId).limit(2).build()),
                ServiceAccountListPage::items, ServiceAccountListPage::hasNextPage, ServiceAccountListPage::nextPage, ProjectServiceAccount::id));
        assertEquals(accounts.subList(1, 3), org().projects().serviceAccounts().list(ServiceAccountListParams.builder().projectId(projectId)
                .after(accounts.get(0)).build()).items().stream().map(ProjectServiceAccount::id).toList());

        var secondKey = org().projects().serviceAccounts().apiKeys().create(
                com.openai.models.admin.organization.projects.serviceaccounts.apikeys.ApiKeyCreateParams.builder()
                        .projectId(projectId).serviceAccountId(created.id()).name("ci").addScope("model.request").build());
        assertEquals("ci", secondKey.name());
        assertTrue(secondKey.value().startsWith("sk-svcacct-"));

        // project keys: the service account's two and a member's; then the member leaves the project
        String ada = addUser("ada@example.com", "reader");
        addToProject(projectId, ada, "member");
        projectKey(projectId, ada);
        ProjectApiKey saKey = org().projects().apiKeys().retrieve(com.openai.models.admin.organization.projects.apikeys.ApiKeyRetrieveParams.builder()
                .projectId(projectId).apiKeyId(secondKey.id()).build());
        assertEquals(secondKey.id(), saKey.id());
        assertEquals("ci", saKey.name());
        assertEquals(ProjectApiKey.OwnerProjectAccess.ACTIVE, saKey.ownerProjectAccess());
        assertEquals(Optional.of(ProjectApiKey.Owner.Type.SERVICE_ACCOUNT), saKey.owner().type());
        assertEquals(created.id(), saKey.owner().serviceAccount().orElseThrow().id());
        assertEquals("deployer-2", saKey.owner().serviceAccount().orElseThrow().name());
        assertEquals("owner", saKey.owner().serviceAccount().orElseThrow().role());
        // scopes are Keyplane's extension: the SDK keeps them as an additional property
        assertEquals(JsonValue.from(List.of("model.request")), saKey._allProperties().get("scopes"));

        List<ProjectApiKey> keys = org().projects().apiKeys().list(ApiKeyListParams.builder().projectId(projectId).limit(100).build()).items();
        assertEquals(4, keys.size()); // three of the service accounts (first, ci, third's) and ada's
        List<String> keyIds = keys.stream().map(ProjectApiKey::id).toList();
        assertEquals(keyIds, pages(org().projects().apiKeys().list(ApiKeyListParams.builder().projectId(projectId).limit(3).build()),
                ApiKeyListPage::items, ApiKeyListPage::hasNextPage, ApiKeyListPage::nextPage, ProjectApiKey::id));
        assertEquals(keyIds.subList(2, 4), org().projects().apiKeys().list(ApiKeyListParams.builder().projectId(projectId).after(keyIds.get(1)).build())
                .items().stream().map(ProjectApiKey::id).toList());
        ProjectApiKey adasKey = keys.stream().filter(k -> k.owner().user().isPresent()).findFirst().orElseThrow();
        assertEquals(ada, adasKey.owner().user().orElseThrow().id());
        assertEquals("ada@example.com", adasKey.owner().user().orElseThrow().email());
        assertEquals("member", adasKey.owner().user().orElseThrow().role());

        asOwner().delete(PROJECTS + "/" + projectId + "/users/" + ada).then().statusCode(200);
        List<ProjectApiKey> inactive = org().projects().apiKeys().list(ApiKeyListParams.builder().projectId(projectId)
                .ownerProjectAccess(ApiKeyListParams.OwnerProjectAccess.INACTIVE).build()).items();
        assertEquals(List.of(adasKey.id()), inactive.stream().map(ProjectApiKey::id).toList());
        assertEquals(ProjectApiKey.OwnerProjectAccess.INACTIVE, inactive.get(0).ownerProjectAccess());
        List<ProjectApiKey> activeKeys = org().projects().apiKeys().list(ApiKeyListParams.builder().projectId(projectId)
                .ownerProjectAccess(ApiKeyListParams.OwnerProjectAccess.ACTIVE).build()).items();
        assertEquals(3, activeKeys.size());
        assertTrue(activeKeys.stream().allMatch(k -> k.ownerProjectAccess().equals(ProjectApiKey.OwnerProjectAccess.ACTIVE)));
        assertEquals(4, org().projects().apiKeys().list(ApiKeyListParams.builder().projectId(projectId)
                .ownerProjectAccess(ApiKeyListParams.OwnerProjectAccess.ANY).build()).items().size());

        // as the reference has it: a member's key is deleted here, a service account's is refused
        var keyDeleted = org().projects().apiKeys().delete(com.openai.models.admin.organization.projects.apikeys.ApiKeyDeleteParams.builder()
                .projectId(projectId).apiKeyId(adasKey.id()).build());
        assertEquals(adasKey.id(), keyDeleted.id());
        assertTrue(keyDeleted.deleted());
        BadRequestException refused = assertThrows(BadRequestException.class, () -> org().projects().apiKeys().delete(
                com.openai.models.admin.organization.projects.apikeys.ApiKeyDeleteParams.builder().projectId(projectId).apiKeyId(secondKey.id()).build()));
        assertEquals(400, refused.statusCode());

        ServiceAccountDeleteResponse accountDeleted = org().projects().serviceAccounts().delete(
                com.openai.models.admin.organization.projects.serviceaccounts.ServiceAccountDeleteParams.builder()
                        .projectId(projectId).serviceAccountId(created.id()).build());
        assertEquals(created.id(), accountDeleted.id());
        assertTrue(accountDeleted.deleted());
        // the deleted account's two keys went with it: the third account's remains
        assertEquals(1, org().projects().apiKeys().list(ApiKeyListParams.builder().projectId(projectId)
                .ownerProjectAccess(ApiKeyListParams.OwnerProjectAccess.ANY).build()).items().size());
    }

    // ---------------------------------------------------------------- project rate limits

    @Test
    void projectRateLimits() {
        String projectId = createProject("limited");
        List<String> ids = new ArrayList<>();
        for (String model : List.of("*", "chat", "embeddings", "images", "audio")) {
            ids.add(asOwner().body(Map.of("model", model, "max_requests_per_1_minute", 60, "max_tokens_per_1_minute", 1000))
                    .post(PROJECTS + "/" + projectId + "/rate_limits").then().statusCode(200).extract().path("id"));
        }
        String chat = ids.get(1);
        ProjectRateLimit updated = org().projects().rateLimits().updateRateLimit(RateLimitUpdateRateLimitParams.builder()
                .projectId(projectId).rateLimitId(chat)
                .maxRequestsPer1Minute(600).maxTokensPer1Minute(90_000).maxImagesPer1Minute(5).maxAudioMegabytesPer1Minute(7)
                .maxRequestsPer1Day(10_000).batch1DayMaxInputTokens(1_000_000).build());
        assertEquals(chat, updated.id());
        assertEquals("chat", updated.model());
        assertEquals(600, updated.maxRequestsPer1Minute());
        assertEquals(90_000, updated.maxTokensPer1Minute());
        assertEquals(Optional.of(5L), updated.maxImagesPer1Minute());
        assertEquals(Optional.of(7L), updated.maxAudioMegabytesPer1Minute());
        assertEquals(Optional.of(10_000L), updated.maxRequestsPer1Day());
        assertEquals(Optional.of(1_000_000L), updated.batch1DayMaxInputTokens());
        ProjectRateLimit partly = org().projects().rateLimits().updateRateLimit(RateLimitUpdateRateLimitParams.builder()
                .projectId(projectId).rateLimitId(chat).maxRequestsPer1Minute(300).build());
        assertEquals(300, partly.maxRequestsPer1Minute());
        assertEquals(90_000, partly.maxTokensPer1Minute());

        List<ProjectRateLimit> all = org().projects().rateLimits().listRateLimits(RateLimitListRateLimitsParams.builder()
                .projectId(projectId).limit(100).build()).items();
        List<String> allIds = all.stream().map(ProjectRateLimit::id).toList();
        assertEquals(sorted(ids), sorted(allIds));
        ProjectRateLimit listedChat = all.stream().filter(r -> r.id().equals(chat)).findFirst().orElseThrow();
        assertEquals(300, listedChat.maxRequestsPer1Minute());
        assertEquals(Optional.of(10_000L), listedChat.maxRequestsPer1Day());
        // forwards with after (and the SDK's next page), backwards with before
        assertEquals(allIds, pages(org().projects().rateLimits().listRateLimits(RateLimitListRateLimitsParams.builder()
                        .projectId(projectId).limit(2).build()), RateLimitListRateLimitsPage::items,
                RateLimitListRateLimitsPage::hasNextPage, RateLimitListRateLimitsPage::nextPage, ProjectRateLimit::id));
        RateLimitListRateLimitsPage after = org().projects().rateLimits().listRateLimits(RateLimitListRateLimitsParams.builder()
                .projectId(projectId).limit(2).after(allIds.get(1)).build());
        assertEquals(allIds.subList(2, 4), after.items().stream().map(ProjectRateLimit::id).toList());
        assertEquals(Optional.of(true), after.hasMore());
        RateLimitListRateLimitsPage before = org().projects().rateLimits().listRateLimits(RateLimitListRateLimitsParams.builder()
                .projectId(projectId).limit(2).before(allIds.get(4)).build());
        assertEquals(allIds.subList(2, 4), before.items().stream().map(ProjectRateLimit::id).toList());
        assertEquals(Optional.of(true), before.hasMore());
        RateLimitListRateLimitsPage first = org().projects().rateLimits().listRateLimits(RateLimitListRateLimitsParams.builder()
                .projectId(projectId).limit(2).before(allIds.get(2)).build());
        assertEquals(allIds.subList(0, 2), first.items().stream().map(ProjectRateLimit::id).toList());
        assertEquals(Optional.of(false), first.hasMore());
    }

    // ---------------------------------------------------------------- admin API keys

    @Test
    void adminApiKeys() {
        AdminApiKeyCreateResponse created = org().adminApiKeys().create(AdminApiKeyCreateParams.builder()
                .name("SDK key").expiresInSeconds(3600).build());
        assertTrue(created.value().startsWith("sk-admin-"));
        assertEquals(Optional.of("SDK key"), created.name());
        assertTrue(created.redactedValue().startsWith("sk-admin"));
        long expires = created.expiresAt().orElseThrow();
        assertTrue(Math.abs(expires - (created.createdAt() + 3600)) <= 2, "expires in an hour");
        assertEquals(Optional.of(ownerUserId()), created.owner().id());

        AdminApiKey retrieved = org().adminApiKeys().retrieve(created.id());
        assertEquals(created.id(), retrieved.id());
        assertEquals(created.name(), retrieved.name());
        assertEquals(created.redactedValue(), retrieved.redactedValue());
        assertEquals(created.expiresAt(), retrieved.expiresAt());
        assertEquals(Optional.of("owner"), retrieved.owner().role());

        List<String> ids = new ArrayList<>(List.of(created.id()));
        ids.add(org().adminApiKeys().create(AdminApiKeyCreateParams.builder().name("two").build()).id());
        ids.add(org().adminApiKeys().create(AdminApiKeyCreateParams.builder().name("three").build()).id());
        List<String> asc = org().adminApiKeys().list(AdminApiKeyListParams.builder().order(AdminApiKeyListParams.Order.ASC).limit(100).build())
                .items().stream().map(AdminApiKey::id).toList();
        assertEquals(4, asc.size()); // with the organization's own
        assertTrue(asc.containsAll(ids));
        assertEquals(sorted(asc), asc);
        List<String> desc = org().adminApiKeys().list(AdminApiKeyListParams.builder().order(AdminApiKeyListParams.Order.DESC).limit(100).build())
                .items().stream().map(AdminApiKey::id).toList();
        assertEquals(reversed(asc), desc);
        assertEquals(asc, pages(org().adminApiKeys().list(AdminApiKeyListParams.builder().order(AdminApiKeyListParams.Order.ASC).limit(3).build()),
                AdminApiKeyListPage::items, AdminApiKeyListPage::hasNextPage, AdminApiKeyListPage::nextPage, AdminApiKey::id));
        assertEquals(desc.subList(2, 4), org().adminApiKeys().list(AdminApiKeyListParams.builder().order(AdminApiKeyListParams.Order.DESC)
                .after(desc.get(1)).build()).items().stream().map(AdminApiKey::id).toList());

        AdminApiKeyDeleteResponse deleted = org().adminApiKeys().delete(created.id());
        assertEquals(created.id(), deleted.id());
        assertTrue(deleted.deleted());
        assertEquals(3, org().adminApiKeys().list().items().size());
    }

    // ---------------------------------------------------------------- groups

    @Test
    void groups() {
        Group platform = org().groups().create(GroupCreateParams.builder().name("Platform").build());
        assertTrue(platform.id().startsWith("grp_"));
        assertEquals("Platform", platform.name());
        assertFalse(platform.isScimManaged());
        assertEquals(Group.GroupType.GROUP, platform.groupType());
        assertEquals(platform.id(), org().groups().retrieve(platform.id()).id());
        GroupUpdateResponse renamed = org().groups().update(GroupUpdateParams.builder().groupId(platform.id()).name("Platform Team").build());
        assertEquals(platform.id(), renamed.id());
        assertEquals("Platform Team", renamed.name());
        assertEquals("Platform Team", org().groups().retrieve(platform.id()).name());

        List<String> ids = new ArrayList<>(List.of(platform.id()));
        for (String name : List.of("Ops", "Data", "Security")) {
            ids.add(org().groups().create(GroupCreateParams.builder().name(name).build()).id());
        }
        List<String> asc = org().groups().list(GroupListParams.builder().order(GroupListParams.Order.ASC).limit(100).build())
                .items().stream().map(Group::id).toList();
        assertEquals(sorted(ids), asc);
        assertEquals(reversed(asc), org().groups().list(GroupListParams.builder().order(GroupListParams.Order.DESC).build())
                .items().stream().map(Group::id).toList());
        GroupListPage page = org().groups().list(GroupListParams.builder().order(GroupListParams.Order.ASC).limit(3).build());
        assertEquals(Optional.of(asc.get(2)), page.next());
        assertEquals(asc, pages(page, GroupListPage::items, GroupListPage::hasNextPage, GroupListPage::nextPage, Group::id));
        assertEquals(asc.subList(2, 4), org().groups().list(GroupListParams.builder().order(GroupListParams.Order.ASC).after(asc.get(1)).build())
                .items().stream().map(Group::id).toList());

        // group users
        String ada = addUser("ada@example.com", "reader");
        String bob = addUser("bob@example.com", "reader");
        String cy = addUser("cy@example.com", "reader");
        for (String user : List.of(ada, bob, cy)) {
            var added = org().groups().users().create(com.openai.models.admin.organization.groups.users.UserCreateParams.builder()
                    .groupId(platform.id()).userId(user).build());
            assertEquals(user, added.userId());
            assertEquals(platform.id(), added.groupId());
        }
        var member = org().groups().users().retrieve(com.openai.models.admin.organization.groups.users.UserRetrieveParams.builder()
                .groupId(platform.id()).userId(ada).build());
        assertEquals(ada, member.id());
        assertEquals(Optional.of("ada@example.com"), member.email());
        assertEquals(com.openai.models.admin.organization.groups.users.UserRetrieveResponse.UserType.USER, member.userType());
        List<String> members = org().groups().users().list(com.openai.models.admin.organization.groups.users.UserListParams.builder()
                .groupId(platform.id()).order(com.openai.models.admin.organization.groups.users.UserListParams.Order.ASC).limit(100).build())
                .items().stream().map(com.openai.models.admin.organization.groups.users.OrganizationGroupUser::id).toList();
        assertEquals(sorted(List.of(ada, bob, cy)), members);
        assertEquals(reversed(members), org().groups().users().list(com.openai.models.admin.organization.groups.users.UserListParams.builder()
                .groupId(platform.id()).order(com.openai.models.admin.organization.groups.users.UserListParams.Order.DESC).build())
                .items().stream().map(com.openai.models.admin.organization.groups.users.OrganizationGroupUser::id).toList());
        assertEquals(members, pages(org().groups().users().list(com.openai.models.admin.organization.groups.users.UserListParams.builder()
                        .groupId(platform.id()).order(com.openai.models.admin.organization.groups.users.UserListParams.Order.ASC).limit(2).build()),
                com.openai.models.admin.organization.groups.users.UserListPage::items,
                com.openai.models.admin.organization.groups.users.UserListPage::hasNextPage,
                com.openai.models.admin.organization.groups.users.UserListPage::nextPage,
                com.openai.models.admin.organization.groups.users.OrganizationGroupUser::id));
        assertEquals(members.subList(1, 3), org().groups().users().list(com.openai.models.admin.organization.groups.users.UserListParams.builder()
                        .groupId(platform.id()).order(com.openai.models.admin.organization.groups.users.UserListParams.Order.ASC).after(members.get(0)).build())
                .items().stream().map(com.openai.models.admin.organization.groups.users.OrganizationGroupUser::id).toList());
        var left = org().groups().users().delete(com.openai.models.admin.organization.groups.users.UserDeleteParams.builder()
                .groupId(platform.id()).userId(cy).build());
        assertTrue(left.deleted());

        // project groups: granted with a predefined project role's id, as the reference has it
        String projectId = createProject("shared");
        String otherProjectGroup = ids.get(1);
        String memberRole = predefinedRole("api.project", "member").id();
        for (String group : List.of(platform.id(), otherProjectGroup)) {
            ProjectGroup granted = org().projects().groups().create(com.openai.models.admin.organization.projects.groups.GroupCreateParams.builder()
                    .projectId(projectId).groupId(group).role(memberRole).build());
            assertEquals(projectId, granted.projectId());
            assertEquals(group, granted.groupId());
            assertEquals(ProjectGroup.GroupType.GROUP, granted.groupType());
        }
        ProjectGroup projectGroup = org().projects().groups().retrieve(com.openai.models.admin.organization.projects.groups.GroupRetrieveParams.builder()
                .projectId(projectId).groupId(platform.id())
                .groupType(com.openai.models.admin.organization.projects.groups.GroupRetrieveParams.GroupType.GROUP).build());
        assertEquals(platform.id(), projectGroup.groupId());
        assertEquals("Platform Team", projectGroup.groupName());
        List<String> projectGroups = org().projects().groups().list(com.openai.models.admin.organization.projects.groups.GroupListParams.builder()
                .projectId(projectId).order(com.openai.models.admin.organization.projects.groups.GroupListParams.Order.ASC).limit(100).build())
                .items().stream().map(ProjectGroup::groupId).toList();
        assertEquals(sorted(List.of(platform.id(), otherProjectGroup)), projectGroups);
        assertEquals(reversed(projectGroups), org().projects().groups().list(com.openai.models.admin.organization.projects.groups.GroupListParams.builder()
                        .projectId(projectId).order(com.openai.models.admin.organization.projects.groups.GroupListParams.Order.DESC).build())
                .items().stream().map(ProjectGroup::groupId).toList());
        assertEquals(projectGroups, pages(org().projects().groups().list(com.openai.models.admin.organization.projects.groups.GroupListParams.builder()
                        .projectId(projectId).order(com.openai.models.admin.organization.projects.groups.GroupListParams.Order.ASC).limit(1).build()),
                com.openai.models.admin.organization.projects.groups.GroupListPage::items,
                com.openai.models.admin.organization.projects.groups.GroupListPage::hasNextPage,
                com.openai.models.admin.organization.projects.groups.GroupListPage::nextPage, ProjectGroup::groupId));
        assertEquals(projectGroups.subList(1, 2), org().projects().groups().list(com.openai.models.admin.organization.projects.groups.GroupListParams.builder()
                        .projectId(projectId).order(com.openai.models.admin.organization.projects.groups.GroupListParams.Order.ASC).after(projectGroups.get(0)).build())
                .items().stream().map(ProjectGroup::groupId).toList());
        var ungranted = org().projects().groups().delete(com.openai.models.admin.organization.projects.groups.GroupDeleteParams.builder()
                .projectId(projectId).groupId(otherProjectGroup).build());
        assertTrue(ungranted.deleted());

        GroupDeleteResponse deleted = org().groups().delete(ids.get(3));
        assertEquals(ids.get(3), deleted.id());
        assertTrue(deleted.deleted());
        assertEquals(3, org().groups().list().items().size());
    }

    // ---------------------------------------------------------------- roles and their assignments

    @Test
    void rolesAndAssignments() {
        List<Role> predefined = org().roles().list().items();
        assertEquals(List.of("owner", "reader", "owner", "admin", "member"), predefined.stream().map(Role::name).toList());
        assertTrue(predefined.stream().allMatch(Role::predefinedRole));

        Role created = org().roles().create(RoleCreateParams.builder().roleName("Project creator")
                .permissions(List.of("projects.write", "projects.read")).description("may create projects").build());
        assertEquals("Project creator", created.name());
        assertEquals(sorted(List.of("projects.write", "projects.read")), sorted(created.permissions()));
        assertEquals(Optional.of("may create projects"), created.description());
        assertEquals("api.organization", created.resourceType());
        assertFalse(created.predefinedRole());
        Role retrieved = org().roles().retrieve(created.id());
        assertEquals(created.id(), retrieved.id());
        assertEquals(created.permissions(), retrieved.permissions());
        Role updated = org().roles().update(RoleUpdateParams.builder().roleId(created.id()).roleName("Project reader")
                .permissions(List.of("projects.read")).description("reads projects").build());
        assertEquals("Project reader", updated.name());
        assertEquals(List.of("projects.read"), updated.permissions());
        assertEquals(Optional.of("reads projects"), updated.description());

        List<String> customIds = new ArrayList<>(List.of(created.id()));
        for (int i = 0; i < 2; i++) {
            customIds.add(org().roles().create(RoleCreateParams.builder().roleName("custom " + i).addPermission("users.read").build()).id());
        }
        List<String> asc = org().roles().list(RoleListParams.builder().order(RoleListParams.Order.ASC).limit(100).build())
                .items().stream().map(Role::id).toList();
        assertEquals(8, asc.size());
        assertEquals(sorted(asc), asc);
        assertTrue(asc.containsAll(customIds));
        assertEquals(reversed(asc), org().roles().list(RoleListParams.builder().order(RoleListParams.Order.DESC).build())
                .items().stream().map(Role::id).toList());
        assertEquals(asc, pages(org().roles().list(RoleListParams.builder().limit(3).build()), RoleListPage::items,
                RoleListPage::hasNextPage, RoleListPage::nextPage, Role::id));
        assertEquals(asc.subList(5, 8), org().roles().list(RoleListParams.builder().after(asc.get(4)).build())
                .items().stream().map(Role::id).toList());

        // user role assignments
        String reader = addUser("reader@example.com", "reader");
        var assigned = org().users().roles().create(com.openai.models.admin.organization.users.roles.RoleCreateParams.builder()
                .userId(reader).roleId(created.id()).build());
        assertEquals(reader, assigned.user().id());
        assertEquals(created.id(), assigned.role().id());
        assertEquals("Project reader", assigned.role().name());
        org().users().roles().create(com.openai.models.admin.organization.users.roles.RoleCreateParams.builder()
                .userId(reader).roleId(customIds.get(1)).build());
        var userRole = org().users().roles().retrieve(com.openai.models.admin.organization.users.roles.RoleRetrieveParams.builder()
                .userId(reader).roleId(created.id()).build());
        assertEquals(created.id(), userRole.id());
        assertEquals("Project reader", userRole.name());
        assertEquals(List.of("projects.read"), userRole.permissions());
        List<String> userRoles = org().users().roles().list(com.openai.models.admin.organization.users.roles.RoleListParams.builder()
                        .userId(reader).order(com.openai.models.admin.organization.users.roles.RoleListParams.Order.ASC).build())
                .items().stream().map(com.openai.models.admin.organization.users.roles.RoleListResponse::id).toList();
        assertEquals(sorted(List.of(created.id(), customIds.get(1))), userRoles);
        assertEquals(reversed(userRoles), org().users().roles().list(com.openai.models.admin.organization.users.roles.RoleListParams.builder()
                        .userId(reader).order(com.openai.models.admin.organization.users.roles.RoleListParams.Order.DESC).build())
                .items().stream().map(com.openai.models.admin.organization.users.roles.RoleListResponse::id).toList());
        assertEquals(userRoles, pages(org().users().roles().list(com.openai.models.admin.organization.users.roles.RoleListParams.builder()
                        .userId(reader).limit(1).build()),
                com.openai.models.admin.organization.users.roles.RoleListPage::items,
                com.openai.models.admin.organization.users.roles.RoleListPage::hasNextPage,
                com.openai.models.admin.organization.users.roles.RoleListPage::nextPage,
                com.openai.models.admin.organization.users.roles.RoleListResponse::id));
        assertEquals(userRoles.subList(1, 2), org().users().roles().list(com.openai.models.admin.organization.users.roles.RoleListParams.builder()
                        .userId(reader).after(userRoles.get(0)).build())
                .items().stream().map(com.openai.models.admin.organization.users.roles.RoleListResponse::id).toList());
        var unassigned = org().users().roles().delete(com.openai.models.admin.organization.users.roles.RoleDeleteParams.builder()
                .userId(reader).roleId(customIds.get(1)).build());
        assertTrue(unassigned.deleted());
        assertEquals("user.role.deleted", unassigned.object_());

        // group role assignments
        String groupId = org().groups().create(GroupCreateParams.builder().name("Creators").build()).id();
        var groupAssigned = org().groups().roles().create(com.openai.models.admin.organization.groups.roles.RoleCreateParams.builder()
                .groupId(groupId).roleId(created.id()).build());
        assertEquals(groupId, groupAssigned.group().id());
        assertEquals("Creators", groupAssigned.group().name());
        assertEquals(created.id(), groupAssigned.role().id());
        org().groups().roles().create(com.openai.models.admin.organization.groups.roles.RoleCreateParams.builder()
                .groupId(groupId).roleId(customIds.get(2)).build());
        var groupRole = org().groups().roles().retrieve(com.openai.models.admin.organization.groups.roles.RoleRetrieveParams.builder()
                .groupId(groupId).roleId(created.id()).build());
        assertEquals(created.id(), groupRole.id());
        assertEquals("Project reader", groupRole.name());
        List<String> groupRoles = org().groups().roles().list(com.openai.models.admin.organization.groups.roles.RoleListParams.builder()
                        .groupId(groupId).order(com.openai.models.admin.organization.groups.roles.RoleListParams.Order.ASC).build())
                .items().stream().map(com.openai.models.admin.organization.groups.roles.RoleListResponse::id).toList();
        assertEquals(sorted(List.of(created.id(), customIds.get(2))), groupRoles);
        assertEquals(reversed(groupRoles), org().groups().roles().list(com.openai.models.admin.organization.groups.roles.RoleListParams.builder()
                        .groupId(groupId).order(com.openai.models.admin.organization.groups.roles.RoleListParams.Order.DESC).build())
                .items().stream().map(com.openai.models.admin.organization.groups.roles.RoleListResponse::id).toList());
        assertEquals(groupRoles, pages(org().groups().roles().list(com.openai.models.admin.organization.groups.roles.RoleListParams.builder()
                        .groupId(groupId).limit(1).build()),
                com.openai.models.admin.organization.groups.roles.RoleListPage::items,
                com.openai.models.admin.organization.groups.roles.RoleListPage::hasNextPage,
                com.openai.models.admin.organization.groups.roles.RoleListPage::nextPage,
                com.openai.models.admin.organization.groups.roles.RoleListResponse::id));
        assertEquals(groupRoles.subList(1, 2), org().groups().roles().list(com.openai.models.admin.organization.groups.roles.RoleListParams.builder()
                        .groupId(groupId).after(groupRoles.get(0)).build())
                .items().stream().map(com.openai.models.admin.organization.groups.roles.RoleListResponse::id).toList());
        var groupUnassigned = org().groups().roles().delete(com.openai.models.admin.organization.groups.roles.RoleDeleteParams.builder()
                .groupId(groupId).roleId(customIds.get(2)).build());
        assertTrue(groupUnassigned.deleted());
        assertEquals("group.role.deleted", groupUnassigned.object_());

        RoleDeleteResponse deleted = org().roles().delete(customIds.get(2));
        assertEquals(customIds.get(2), deleted.id());
        assertTrue(deleted.deleted());
        assertEquals(7, org().roles().list().items().size());
    }

    // ---------------------------------------------------------------- certificates

    @Test
    void certificates() {
        String pem = TestCertificates.rsa("sdk-certificate");
        Certificate uploaded = org().certificates().create(CertificateCreateParams.builder().name("SDK certificate").certificate(pem).build());
        assertEquals(Optional.of("SDK certificate"), uploaded.name());
        assertEquals(Certificate.Object.CERTIFICATE, uploaded.object_());
        assertTrue(uploaded.certificateDetails().expiresAt().orElseThrow() > uploaded.certificateDetails().validAt().orElseThrow());
        assertEquals(Optional.empty(), uploaded.certificateDetails().content());

        Certificate withContent = org().certificates().retrieve(CertificateRetrieveParams.builder().certificateId(uploaded.id())
                .addInclude(CertificateRetrieveParams.Include.CONTENT).build());
        assertEquals(uploaded.id(), withContent.id());
        assertEquals(pem.replace("\r\n", "\n").strip(), withContent.certificateDetails().content().orElseThrow().replace("\r\n", "\n").strip());
        assertEquals(Optional.empty(), org().certificates().retrieve(uploaded.id()).certificateDetails().content());

        Certificate renamed = org().certificates().update(CertificateUpdateParams.builder().certificateId(uploaded.id()).name("Renamed").build());
        assertEquals(uploaded.id(), renamed.id());
        assertEquals(Optional.of("Renamed"), renamed.name());

        List<String> ids = new ArrayList<>(List.of(uploaded.id()));
        ids.add(org().certificates().create(CertificateCreateParams.builder().certificate(TestCertificates.ecP256("sdk-ec")).name("ec").build()).id());
        ids.add(org().certificates().create(CertificateCreateParams.builder().certificate(TestCertificates.rsa("sdk-third")).name("third").build()).id());
        List<CertificateListResponse> listed = org().certificates().list(CertificateListParams.builder().order(CertificateListParams.Order.ASC).build()).items();
        List<String> asc = listed.stream().map(CertificateListResponse::id).toList();
        assertEquals(ids, asc);
        assertTrue(listed.stream().noneMatch(CertificateListResponse::active));
        assertEquals(reversed(asc), org().certificates().list(CertificateListParams.builder().order(CertificateListParams.Order.DESC).build())
                .items().stream().map(CertificateListResponse::id).toList());
        assertEquals(asc, pages(org().certificates().list(CertificateListParams.builder().order(CertificateListParams.Order.ASC).limit(2).build()),
                CertificateListPage::items, CertificateListPage::hasNextPage, CertificateListPage::nextPage, CertificateListResponse::id));
        assertEquals(asc.subList(1, 3), org().certificates().list(CertificateListParams.builder().order(CertificateListParams.Order.ASC)
                .after(asc.get(0)).build()).items().stream().map(CertificateListResponse::id).toList());

        List<CertificateActivateResponse> activated = org().certificates().activate(CertificateActivateParams.builder()
                .addCertificateId(ids.get(0)).addCertificateId(ids.get(1)).build()).items();
        assertEquals(sorted(ids.subList(0, 2)), sorted(activated.stream().map(CertificateActivateResponse::id).toList()));
        assertTrue(activated.stream().allMatch(CertificateActivateResponse::active));
        var deactivated = org().certificates().deactivate(CertificateDeactivateParams.builder().addCertificateId(ids.get(1)).build()).items();
        assertEquals(List.of(ids.get(1)), deactivated.stream().map(c -> c.id()).toList());
        assertFalse(deactivated.get(0).active());
        assertEquals(List.of(true, false, false), org().certificates().list(CertificateListParams.builder().order(CertificateListParams.Order.ASC).build())
                .items().stream().map(CertificateListResponse::active).toList());
        org().certificates().deactivate(CertificateDeactivateParams.builder().addCertificateId(ids.get(0)).build());

        // project certificates
        String projectId = createProject("mtls");
        var projectActivated = org().projects().certificates().activate(
                com.openai.models.admin.organization.projects.certificates.CertificateActivateParams.builder()
                        .projectId(projectId).addCertificateId(ids.get(2)).build()).items();
        assertEquals(List.of(ids.get(2)), projectActivated.stream().map(c -> c.id()).toList());
        assertTrue(projectActivated.get(0).active());
        assertEquals(Optional.of("third"), projectActivated.get(0).name());
        List<com.openai.models.admin.organization.projects.certificates.CertificateListResponse> projectList = org().projects().certificates().list(
                com.openai.models.admin.organization.projects.certificates.CertificateListParams.builder().projectId(projectId)
                        .order(com.openai.models.admin.organization.projects.certificates.CertificateListParams.Order.ASC).build()).items();
        assertEquals(ids, projectList.stream().map(c -> c.id()).toList());
        assertEquals(List.of(false, false, true), projectList.stream().map(c -> c.active()).toList());
        assertEquals(reversed(ids), org().projects().certificates().list(
                        com.openai.models.admin.organization.projects.certificates.CertificateListParams.builder().projectId(projectId)
                                .order(com.openai.models.admin.organization.projects.certificates.CertificateListParams.Order.DESC).build())
                .items().stream().map(c -> c.id()).toList());
        assertEquals(ids, pages(org().projects().certificates().list(
                        com.openai.models.admin.organization.projects.certificates.CertificateListParams.builder().projectId(projectId)
                                .order(com.openai.models.admin.organization.projects.certificates.CertificateListParams.Order.ASC).limit(2).build()),
                com.openai.models.admin.organization.projects.certificates.CertificateListPage::items,
                com.openai.models.admin.organization.projects.certificates.CertificateListPage::hasNextPage,
                com.openai.models.admin.organization.projects.certificates.CertificateListPage::nextPage,
                com.openai.models.admin.organization.projects.certificates.CertificateListResponse::id));
        assertEquals(ids.subList(1, 3), org().projects().certificates().list(
                        com.openai.models.admin.organization.projects.certificates.CertificateListParams.builder().projectId(projectId)
                                .order(com.openai.models.admin.organization.projects.certificates.CertificateListParams.Order.ASC).after(ids.get(0)).build())
                .items().stream().map(c -> c.id()).toList());
        var projectDeactivated = org().projects().certificates().deactivate(
                com.openai.models.admin.organization.projects.certificates.CertificateDeactivateParams.builder()
                        .projectId(projectId).addCertificateId(ids.get(2)).build()).items();
        assertEquals(List.of(ids.get(2)), projectDeactivated.stream().map(c -> c.id()).toList());
        assertFalse(projectDeactivated.get(0).active());

        CertificateDeleteResponse deleted = org().certificates().delete(ids.get(1));
        assertEquals(ids.get(1), deleted.id());
        assertEquals(2, org().certificates().list().items().size());
    }

    // ---------------------------------------------------------------- audit logs

    @Test
    void auditLogFiltersAndPages() {
        long start = Instant.now().getEpochSecond();
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            projects.add(createProject("audited " + i));
        }
        String ada = addUser("ada@example.com", "reader");
        String groupId = org().groups().create(GroupCreateParams.builder().name("Audited").build()).id();
        AuditLogListParams.EventType projectCreated = AuditLogListParams.EventType.PROJECT_CREATED;

        // newest first
        List<AuditLogListResponse> created = org().auditLogs().list(AuditLogListParams.builder().addEventType(projectCreated).build()).items();
        assertEquals(reversed(projects), created.stream().map(e -> e.projectCreated().orElseThrow().id().orElseThrow()).toList());
        AuditLogListResponse newest = created.get(0);
        assertEquals(AuditLogListResponse.Type.PROJECT_CREATED, newest.type());
        assertEquals(Optional.of("audited 4"), newest.projectCreated().orElseThrow().data().orElseThrow().name());
        assertEquals(Optional.of(projects.get(4)), newest.project().orElseThrow().id());
        AuditLogListResponse.Actor actor = newest.actor().orElseThrow();
        assertEquals(Optional.of(AuditLogListResponse.Actor.Type.API_KEY), actor.type());
        assertEquals(Optional.of(AuditLogListResponse.Actor.ApiKey.Type.USER), actor.apiKey().orElseThrow().type());
        assertEquals(Optional.of(ownerUserId()), actor.apiKey().orElseThrow().user().orElseThrow().id());
        assertEquals(Optional.of("admin@keyplane.local"), actor.apiKey().orElseThrow().user().orElseThrow().email());
        List<String> all = created.stream().map(AuditLogListResponse::id).toList();

        // after goes older (by hand and through the SDK's next page), before goes newer
        AuditLogListPage first = org().auditLogs().list(AuditLogListParams.builder().addEventType(projectCreated).limit(2).build());
        assertEquals(all.subList(0, 2), first.items().stream().map(AuditLogListResponse::id).toList());
        assertEquals(Optional.of(true), first.hasMore());
        assertEquals(all, pages(first, AuditLogListPage::items, AuditLogListPage::hasNextPage, AuditLogListPage::nextPage, AuditLogListResponse::id));
        assertEquals(all.subList(2, 4), org().auditLogs().list(AuditLogListParams.builder().addEventType(projectCreated).limit(2)
                .after(all.get(1)).build()).items().stream().map(AuditLogListResponse::id).toList());
        AuditLogListPage back = org().auditLogs().list(AuditLogListParams.builder().addEventType(projectCreated).limit(2)
                .before(all.get(2)).build());
        assertEquals(all.subList(0, 2), back.items().stream().map(AuditLogListResponse::id).toList());
        assertEquals(Optional.of(false), back.hasMore());

        // every filter
        List<AuditLogListResponse> ofProject = org().auditLogs().list(AuditLogListParams.builder().addProjectId(projects.get(3)).build()).items();
        assertEquals(1, ofProject.size());
        assertEquals(Optional.of(projects.get(3)), ofProject.get(0).project().orElseThrow().id());
        assertEquals(2, org().auditLogs().list(AuditLogListParams.builder().addResourceId(projects.get(1)).addResourceId(projects.get(2)).build())
                .items().size());
        List<AuditLogListResponse> added = org().auditLogs().list(AuditLogListParams.builder().addEventType(AuditLogListParams.EventType.USER_ADDED)
                .addActorEmail("admin@keyplane.local").build()).items();
        assertEquals(Optional.of(ada), added.get(0).userAdded().orElseThrow().id());
        assertEquals(Optional.of("reader"), added.get(0).userAdded().orElseThrow().data().orElseThrow().role());
        List<AuditLogListResponse> two = org().auditLogs().list(AuditLogListParams.builder().addEventType(AuditLogListParams.EventType.USER_ADDED)
                .addEventType(AuditLogListParams.EventType.GROUP_CREATED).addActorId(ownerUserId()).build()).items();
        assertEquals(List.of(AuditLogListResponse.Type.GROUP_CREATED, AuditLogListResponse.Type.USER_ADDED),
                two.stream().map(AuditLogListResponse::type).toList());
        assertEquals(Optional.of(groupId), two.get(0).groupCreated().orElseThrow().id());
        assertEquals(Optional.of("Audited"), two.get(0).groupCreated().orElseThrow().data().orElseThrow().groupName());
        assertEquals(5, org().auditLogs().list(AuditLogListParams.builder().addActorId(ownerUserId()).addEventType(projectCreated).build())
                .items().size());
        assertEquals(0, org().auditLogs().list(AuditLogListParams.builder().addActorId(ada).build()).items().size());
        assertEquals(5, org().auditLogs().list(AuditLogListParams.builder().addEventType(projectCreated).tenantOnly(false).build()).items().size());
        long now = Instant.now().getEpochSecond();
        assertEquals(5, eventsAt(projectCreated, AuditLogListParams.EffectiveAt.builder().gte(start - 1).build()));
        assertEquals(5, eventsAt(projectCreated, AuditLogListParams.EffectiveAt.builder().gt(start - 120).lte(now + 120).build()));
        assertEquals(0, eventsAt(projectCreated, AuditLogListParams.EffectiveAt.builder().gt(now + 120).build()));
        assertEquals(0, eventsAt(projectCreated, AuditLogListParams.EffectiveAt.builder().lt(start - 120).build()));
    }

    /** Every event type Keyplane writes is one of the reference's AuditLogEventType values, so the SDK can read the whole log. */
    @Test
    void everyAuditLogEventTypeIsAReferenceType() {
        String projectId = createProject("typed");
        // responseValidation(true) already refuses an unknown type; value() says so again for each event
        List<AuditLogListResponse> events = org().auditLogs().list(AuditLogListParams.builder().limit(100).build()).items();
        for (AuditLogListResponse event : events) {
            assertFalse(event.type().value() == AuditLogListResponse.Type.Value._UNKNOWN, event.type().asString());
        }
        assertTrue(events.stream().anyMatch(e -> e.projectCreated().flatMap(c -> c.id()).equals(Optional.of(projectId))));
    }

    // ---------------------------------------------------------------- helpers

    private int eventsAt(AuditLogListParams.EventType type, AuditLogListParams.EffectiveAt at) {
        return org().auditLogs().list(AuditLogListParams.builder().addEventType(type).effectiveAt(at).build()).items().size();
    }

    private Role predefinedRole(String resourceType, String name) {
        return org().roles().list(RoleListParams.builder().limit(100).build()).items().stream()
                .filter(r -> r.predefinedRole() && r.resourceType().equals(resourceType) && r.name().equals(name))
                .findFirst().orElseThrow();
    }

    /** Walks a list through the SDK's own hasNextPage/nextPage and returns every item's id. */
    private static <P, T> List<String> pages(P first, Function<P, List<T>> items, Function<P, Boolean> hasNext,
                                             Function<P, P> next, Function<T, String> id) {
        List<String> ids = new ArrayList<>();
        P page = first;
        for (int n = 0; n < 50; n++) {
            items.apply(page).forEach(t -> ids.add(id.apply(t)));
            if (!hasNext.apply(page)) {
                return ids;
            }
            page = next.apply(page);
        }
        throw new AssertionError("more than 50 pages");
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        Collections.reverse(copy);
        return copy;
    }
}
