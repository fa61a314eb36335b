package dev.keyplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyplane.access.Grants;
import dev.keyplane.access.OrgRole;
import dev.keyplane.access.Permission;
import dev.keyplane.access.ProjectRole;
import dev.keyplane.access.ServiceAccountRole;
import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The subset rule as a generated matrix: every grant operation of every dialect, against every kind of granter,
 * for every role it can grant. The expected answer is computed from permission sets (the granter holds the
 * operation's permission in its scope, and every permission the grant carries, and, for a change or a removal,
 * every permission the target holds now); a refusal must leave the target and the audit log as they were.
 * <p>
 * The operations are found in Keyplane's own OpenAPI document: a write that carries a role, a permission, an owner
 * or a scope, one that returns a new key, or a removal of a principal. One with no entry here fails the test.
 */
@QuarkusTest
class GrantMatrixTest extends ApiTest {

    /** A granter: a key and what it holds; {@code organizationWide} keys may call organization operations. */
    record Granter(String name, String key, Set<Permission> held, boolean organizationWide, boolean userKey,
                   Set<Permission> selfInProject) {}

    /** A cell's target, made fresh by the owner before each call. */
    static final class Target extends HashMap<String, String> {
        Target with(String name, String value) {
            put(name, value);
            return this;
        }
    }

    record Variant(String label, Function<Granter, Set<Permission>> granted, Function<GrantMatrixTest, Target> setup,
                   BiFunction<RequestSpecification, Target, Response> call, BiFunction<GrantMatrixTest, Target, String> state) {}

    record GrantOperation(String operationId, Permission needs, boolean inProject, int okStatus, List<Variant> variants) {}

    /** Writes the heuristic finds that grant nothing, with why. */
    static final Map<String, String> NOT_GRANTS = Map.of(
            "verify-key", "its permissions are a question about a key, not a grant",
            "override-organization-quotas", "the operator's limits on counts ('projects' there is a number, not a grant)",
            "create-organization", "the operator creates a tenant and its first owner; the subset rule holds within an organization");

    private static final Set<String> GRANT_FIELDS = Set.of("role", "role_id", "permissions", "owner_user_id", "user_id", "group_id",
            "scopes", "service_account_id", "projects");
    private static final Set<String> RAW_KEY_FIELDS = Set.of("value", "apiKey", "api_key", "admin_key");

    private static final Set<Permission> CUSTOM = EnumSet.of(Permission.PROJECT_MEMBERS_WRITE, Permission.SERVICE_ACCOUNTS_WRITE,
            Permission.API_KEYS_WRITE, Permission.GROUPS_WRITE, Permission.USERS_WRITE, Permission.ROLES_WRITE, Permission.ADMIN_KEYS_WRITE);
    private static final Set<Permission> ALL = Permission.organizationOwner();
    private static final Set<Permission> READS = Permission.reads();

    private String projectId;
    private final List<String> setupKeys = new ArrayList<>();
    private Iterator<String> nextSetupKey;
    private final AtomicInteger serial = new AtomicInteger();

    // --- the matrix -------------------------------------------------------------------------------

    private static Set<Permission> union(Set<Permission> a, Set<Permission> b) {
        EnumSet<Permission> all = EnumSet.noneOf(Permission.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static Function<Granter, Set<Permission>> fixed(Set<Permission> granted) {
        return g -> granted;
    }

    private static Set<Permission> names(List<String> permissions) {
        return Grants.custom(permissions);
    }

    private static final List<String> ALL_NAMES = ALL.stream().map(Permission::value).toList();
    private static final List<String> READ_NAMES = READS.stream().map(Permission::value).toList();

    private String users() {
        return PROJECTS + "/" + projectId + "/users";
    }

    private String accounts() {
        return PROJECTS + "/" + projectId + "/service_accounts";
    }

    private String projectKeys() {
        return PROJECTS + "/" + projectId + "/api_keys";
    }

    private List<GrantOperation> operations() {
        List<GrantOperation> ops = new ArrayList<>();
        ProjectRole[] projectRoles = ProjectRole.values();

        // project users
        List<Variant> add = new ArrayList<>();
        for (ProjectRole role : projectRoles) {
            add.add(new Variant(role.wire(), fixed(role.permissions()), t -> t.target("user", t.newUser("reader")),
                    (r, t) -> r.body(Map.of("user_id", t.get("user"), "role", role.wire())).post(users()),
                    (t, x) -> t.probe(users() + "/" + x.get("user"), "role")));
        }
        ops.add(new GrantOperation("create-project-user", Permission.PROJECT_MEMBERS_WRITE, true, 200, add));
        List<Variant> modify = new ArrayList<>();
        for (ProjectRole[] change : new ProjectRole[][] {{ProjectRole.MEMBER, ProjectRole.OWNER}, {ProjectRole.MEMBER, ProjectRole.ADMIN},
                {ProjectRole.MEMBER, ProjectRole.MEMBER}, {ProjectRole.OWNER, ProjectRole.MEMBER}, {ProjectRole.ADMIN, ProjectRole.MEMBER}}) {
            modify.add(new Variant(change[0].wire() + "->" + change[1].wire(), fixed(union(change[0].permissions(), change[1].permissions())),
                    t -> t.target("user", t.newMember(change[0])),
                    (r, t) -> r.body(Map.of("role", change[1].wire())).post(users() + "/" + t.get("user")),
                    (t, x) -> t.probe(users() + "/" + x.get("user"), "role")));
        }
        ops.add(new GrantOperation("modify-project-user", Permission.PROJECT_MEMBERS_WRITE, true, 200, modify));
        List<Variant> remove = new ArrayList<>();
        for (ProjectRole role : projectRoles) {
            remove.add(new Variant(role.wire(), fixed(role.permissions()), t -> t.target("user", t.newMember(role)),
                    (r, t) -> r.delete(users() + "/" + t.get("user")),
                    (t, x) -> t.probe(users() + "/" + x.get("user"), "role")));
        }
        ops.add(new GrantOperation("delete-project-user", Permission.PROJECT_MEMBERS_WRITE, true, 200, remove));

        // service accounts
        List<Variant> accountRole = new ArrayList<>();
        for (ServiceAccountRole[] change : new ServiceAccountRole[][] {{ServiceAccountRole.MEMBER, ServiceAccountRole.OWNER},
                {ServiceAccountRole.MEMBER, ServiceAccountRole.NONE}, {ServiceAccountRole.MEMBER, ServiceAccountRole.MEMBER},
                {ServiceAccountRole.OWNER, ServiceAccountRole.MEMBER}}) {
            accountRole.add(new Variant(change[0].wire() + "->" + change[1].wire(), fixed(union(change[0].permissions(), change[1].permissions())),
                    t -> t.target("account", t.newServiceAccount(change[0])),
                    (r, t) -> r.body(Map.of("role", change[1].wire())).post(accounts() + "/" + t.get("account")),
                    (t, x) -> t.probe(accounts() + "/" + x.get("account"), "role")));
        }
        ops.add(new GrantOperation("update-project-service-account", Permission.SERVICE_ACCOUNTS_WRITE, true, 200, accountRole));
        List<Variant> accountDelete = new ArrayList<>();
        for (ServiceAccountRole role : ServiceAccountRole.values()) {
            accountDelete.add(new Variant(role.wire(), fixed(role.permissions()), t -> t.target("account", t.newServiceAccount(role)),
                    (r, t) -> r.delete(accounts() + "/" + t.get("account")),
                    (t, x) -> t.probe(accounts() + "/" + x.get("account"), "role")));
        }
        ops.add(new GrantOperation("delete-project-service-account", Permission.SERVICE_ACCOUNTS_WRITE, true, 200, accountDelete));
        ops.add(new GrantOperation("create-project-service-account", Permission.SERVICE_ACCOUNTS_WRITE, true, 200, List.of(
                new Variant("with its first key", fixed(ServiceAccountRole.MEMBER.permissions()), t -> t.target("name", "bot-" + t.serial()),
                        (r, t) -> r.body(Map.of("name", t.get("name"))).post(accounts()),
                        (t, x) -> t.count(accounts(), "name", x.get("name"))))));

        // project groups
        List<Variant> groupAdd = new ArrayList<>();
        List<Variant> groupRemove = new ArrayList<>();
        for (ProjectRole role : projectRoles) {
            groupAdd.add(new Variant(role.wire(), fixed(role.permissions()), t -> t.target("group", t.newGroup()),
                    (r, t) -> r.body(Map.of("group_id", t.get("group"), "role", role.wire())).post(PROJECTS + "/" + projectId + "/groups"),
                    (t, x) -> t.probe(PROJECTS + "/" + projectId + "/groups/" + x.get("group"), "role")));
            groupRemove.add(new Variant(role.wire(), fixed(role.permissions()), t -> t.target("group", t.newProjectGroup(role)),
                    (r, t) -> r.delete(PROJECTS + "/" + projectId + "/groups/" + t.get("group")),
                    (t, x) -> t.probe(PROJECTS + "/" + projectId + "/groups/" + x.get("group"), "role")));
        }
        ops.add(new GrantOperation("add-project-group", Permission.PROJECT_MEMBERS_WRITE, true, 200, groupAdd));
        ops.add(new GrantOperation("remove-project-group", Permission.PROJECT_MEMBERS_WRITE, true, 200, groupRemove));

        // project keys: a key acts as its owner
        List<Variant> projectKey = new ArrayList<>();
        for (ProjectRole role : projectRoles) {
            projectKey.add(new Variant("user " + role.wire(), fixed(role.permissions()), t -> t.target("user", t.newMember(role)),
                    (r, t) -> r.body(Map.of("user_id", t.get("user"), "name", "k")).post(projectKeys()),
                    (t, x) -> t.count(projectKeys(), "owner.user.id", x.get("user"))));
        }
        List<Variant> accountKey = new ArrayList<>();
        List<Variant> accountKeyDirect = new ArrayList<>();
        for (ServiceAccountRole role : ServiceAccountRole.values()) {
            for (List<String> scopes : List.of(List.<String>of(), List.of("keys.verify"))) {
                if (role != ServiceAccountRole.MEMBER && !scopes.isEmpty()) {
                    continue;
                }
                String label = "service account " + role.wire() + (scopes.isEmpty() ? "" : " " + scopes);
                Function<Granter, Set<Permission>> granted = fixed(Grants.serviceAccountKey(role, scopes));
                projectKey.add(new Variant(label, granted, t -> t.target("account", t.newServiceAccount(role)),
                        (r, t) -> r.body(Map.of("service_account_id", t.get("account"), "name", "k", "scopes", scopes)).post(projectKeys()),
                        (t, x) -> t.count(projectKeys(), "owner.service_account.id", x.get("account"))));
                accountKeyDirect.add(new Variant(label, granted, t -> t.target("account", t.newServiceAccount(role)),
                        (r, t) -> r.body(Map.of("name", "k", "scopes", scopes)).post(accounts() + "/" + t.get("account") + "/api_keys"),
                        (t, x) -> t.count(projectKeys(), "owner.service_account.id", x.get("account"))));
            }
        }
        ops.add(new GrantOperation("create-project-api-key", Permission.API_KEYS_WRITE, true, 200, projectKey));
        ops.add(new GrantOperation("CreateanAPIkeyforaserviceaccount", Permission.API_KEYS_WRITE, true, 200, accountKeyDirect));
        List<Variant> roll = new ArrayList<>();
        List<Variant> ingestRoll = new ArrayList<>();
        for (ProjectRole role : List.of(ProjectRole.OWNER, ProjectRole.MEMBER)) {
            roll.add(new Variant("user " + role.wire(), fixed(role.permissions()), t -> t.target("key", t.newProjectKey(role)),
                    (r, t) -> r.body(Map.of()).post(projectKeys() + "/" + t.get("key") + "/roll"),
                    (t, x) -> t.probe(projectKeys() + "/" + x.get("key"), "rolled_to")));
            ingestRoll.add(new Variant("user " + role.wire(), fixed(role.permissions()), t -> t.target("key", t.newProjectKey(role)),
                    (r, t) -> r.body(Map.of()).post("/api-keys/" + t.get("key") + "/roll"),
                    (t, x) -> t.probe(projectKeys() + "/" + x.get("key"), "rolled_to")));
        }
        ops.add(new GrantOperation("roll-project-api-key", Permission.API_KEYS_WRITE, true, 200, roll));
        ops.add(new GrantOperation("ingest-roll-api-key", Permission.API_KEYS_WRITE, true, 200, ingestRoll));
        ops.add(new GrantOperation("ingest-create-api-key", Permission.API_KEYS_WRITE, true, 201, List.of(
                new Variant("for the key's own owner", Granter::selfInProject, t -> new Target(),
                        (r, t) -> r.body(Map.of("name", "own")).post("/projects/" + projectId + "/api-keys"),
                        (t, x) -> t.count(projectKeys(), "name", "own")))));

        // admin keys
        List<Variant> adminKey = new ArrayList<>();
        for (OrgRole ownerRole : OrgRole.values()) {
            for (OrgRole keyRole : OrgRole.values()) {
                adminKey.add(new Variant(ownerRole.wire() + " user, " + keyRole.wire() + " key",
                        fixed(Grants.adminKey(keyRole.wire(), ownerRole, List.of())), t -> t.target("user", t.newUser(ownerRole.wire())),
                        (r, t) -> r.body(Map.of("name", "k", "role", keyRole.wire(), "owner_user_id", t.get("user"))).post(ADMIN_KEYS),
                        (t, x) -> t.count(ADMIN_KEYS, "owner.id", x.get("user"))));
            }
        }
        ops.add(new GrantOperation("admin-api-keys-create", Permission.ADMIN_KEYS_WRITE, false, 200, adminKey));
        List<Variant> adminRoll = new ArrayList<>();
        for (OrgRole ownerRole : OrgRole.values()) {
            adminRoll.add(new Variant(ownerRole.wire() + " user", fixed(Grants.adminKey("owner", ownerRole, List.of())),
                    t -> t.target("key", t.newAdminKey(t.newUser(ownerRole.wire()))),
                    (r, t) -> r.body(Map.of()).post(ADMIN_KEYS + "/" + t.get("key") + "/roll"),
                    (t, x) -> t.probe(ADMIN_KEYS + "/" + x.get("key"), "rolled_to")));
        }
        ops.add(new GrantOperation("admin-api-keys-roll", Permission.ADMIN_KEYS_WRITE, false, 200, adminRoll));

        // organization users and invites
        List<Variant> userAdd = new ArrayList<>();
        List<Variant> userDelete = new ArrayList<>();
        List<Variant> invite = new ArrayList<>();
        List<Variant> accept = new ArrayList<>();
        for (OrgRole role : OrgRole.values()) {
            userAdd.add(new Variant(role.wire(), fixed(role.permissions()), t -> t.target("email", "new-" + t.serial() + "@example.com"),
                    (r, t) -> r.body(Map.of("email", t.get("email"), "role", role.wire())).post(USERS),
                    (t, x) -> t.count(USERS, "email", x.get("email"))));
            userDelete.add(new Variant(role.wire(), fixed(role.permissions()), t -> t.target("user", t.newUser(role.wire())),
                    (r, t) -> r.delete(USERS + "/" + t.get("user")),
                    (t, x) -> t.probe(USERS + "/" + x.get("user"), "role")));
        }
        for (Object[] grant : new Object[][] {{OrgRole.OWNER, null}, {OrgRole.READER, null}, {OrgRole.READER, ProjectRole.OWNER},
                {OrgRole.READER, ProjectRole.MEMBER}}) {
            OrgRole role = (OrgRole) grant[0];
            ProjectRole projectRole = (ProjectRole) grant[1];
            Set<Permission> granted = projectRole == null ? role.permissions() : union(role.permissions(), projectRole.permissions());
            String label = role.wire() + (projectRole == null ? "" : " + project " + projectRole.wire());
            List<Map<String, String>> projects = projectRole == null ? List.of() : List.of(Map.of("id", "%PROJECT%", "role", projectRole.wire()));
            invite.add(new Variant(label, fixed(granted), t -> t.target("email", "invited-" + t.serial() + "@example.com"),
                    (r, t) -> r.body(Map.of("email", t.get("email"), "role", role.wire(), "projects", withProject(projects))).post(INVITES),
                    (t, x) -> t.count(INVITES, "email", x.get("email"))));
            accept.add(new Variant(label, fixed(granted), t -> t.target("invite", t.newInvite(role, t.withProject(projects))),
                    (r, t) -> r.body(Map.of()).post(INVITES + "/" + t.get("invite") + "/accept"),
                    (t, x) -> t.probe(INVITES + "/" + x.get("invite"), "status")));
        }
        ops.add(new GrantOperation("create-user", Permission.USERS_WRITE, false, 200, userAdd));
        ops.add(new GrantOperation("delete-user", Permission.USERS_WRITE, false, 200, userDelete));
        ops.add(new GrantOperation("inviteUser", Permission.USERS_WRITE, false, 200, invite));
        ops.add(new GrantOperation("accept-invite", Permission.USERS_WRITE, false, 200, accept));
        List<Variant> userRole = new ArrayList<>();
        for (OrgRole[] change : new OrgRole[][] {{OrgRole.READER, OrgRole.OWNER}, {OrgRole.READER, OrgRole.READER}, {OrgRole.OWNER, OrgRole.READER}}) {
            userRole.add(new Variant(change[0].wire() + "->" + change[1].wire(), fixed(union(change[0].permissions(), change[1].permissions())),
                    t -> t.target("user", t.newUser(change[0].wire())),
                    (r, t) -> r.body(Map.of("role", change[1].wire())).post(USERS + "/" + t.get("user")),
                    (t, x) -> t.probe(USERS + "/" + x.get("user"), "role")));
        }
        ops.add(new GrantOperation("modify-user", Permission.USERS_WRITE, false, 200, userRole));

        // custom roles and their assignments
        List<Variant> roleCreate = new ArrayList<>();
        List<Variant> roleDelete = new ArrayList<>();
        List<Variant> assignUser = new ArrayList<>();
        List<Variant> unassignUser = new ArrayList<>();
        List<Variant> assignGroup = new ArrayList<>();
        List<Variant> unassignGroup = new ArrayList<>();
        for (List<String> permissions : List.of(ALL_NAMES, READ_NAMES)) {
            String label = permissions == ALL_NAMES ? "every permission" : "reads";
            roleCreate.add(new Variant(label, fixed(names(permissions)), t -> t.target("name", "role-" + t.serial()),
                    (r, t) -> r.body(Map.of("role_name", t.get("name"), "permissions", permissions)).post(ROLES),
                    (t, x) -> t.count(ROLES, "name", x.get("name"))));
            roleDelete.add(new Variant(label, fixed(names(permissions)), t -> t.target("role", t.newRole(permissions)),
                    (r, t) -> r.delete(ROLES + "/" + t.get("role")),
                    (t, x) -> t.probe(ROLES + "/" + x.get("role"), "permissions")));
            assignUser.add(new Variant(label, fixed(names(permissions)),
                    t -> t.target("role", t.newRole(permissions)).with("user", t.newUser("reader")),
                    (r, t) -> r.body(Map.of("role_id", t.get("role"))).post(USERS + "/" + t.get("user") + "/roles"),
                    (t, x) -> t.probe(USERS + "/" + x.get("user") + "/roles/" + x.get("role"), "id")));
            unassignUser.add(new Variant(label, fixed(names(permissions)),
                    t -> t.assignedToUser(t.newRole(permissions), t.newUser("reader")),
                    (r, t) -> r.delete(USERS + "/" + t.get("user") + "/roles/" + t.get("role")),
                    (t, x) -> t.probe(USERS + "/" + x.get("user") + "/roles/" + x.get("role"), "id")));
            assignGroup.add(new Variant(label, fixed(names(permissions)),
                    t -> t.target("role", t.newRole(permissions)).with("group", t.newGroup()),
                    (r, t) -> r.body(Map.of("role_id", t.get("role"))).post(GROUPS + "/" + t.get("group") + "/roles"),
                    (t, x) -> t.probe(GROUPS + "/" + x.get("group") + "/roles/" + x.get("role"), "id")));
            unassignGroup.add(new Variant(label, fixed(names(permissions)),
                    t -> t.assignedToGroup(t.newRole(permissions), t.newGroup()),
                    (r, t) -> r.delete(GROUPS + "/" + t.get("group") + "/roles/" + t.get("role")),
                    (t, x) -> t.probe(GROUPS + "/" + x.get("group") + "/roles/" + x.get("role"), "id")));
        }
        List<Variant> roleUpdate = new ArrayList<>();
        for (List<List<String>> change : List.of(List.of(READ_NAMES, ALL_NAMES), List.of(ALL_NAMES, READ_NAMES), List.of(READ_NAMES, READ_NAMES))) {
            List<String> from = change.get(0);
            List<String> to = change.get(1);
            String label = (from == ALL_NAMES ? "all" : "reads") + "->" + (to == ALL_NAMES ? "all" : "reads");
            roleUpdate.add(new Variant(label, fixed(union(names(from), names(to))), t -> t.target("role", t.newRole(from)),
                    (r, t) -> r.body(Map.of("permissions", to)).post(ROLES + "/" + t.get("role")),
                    (t, x) -> t.probe(ROLES + "/" + x.get("role"), "permissions")));
        }
        ops.add(new GrantOperation("create-role", Permission.ROLES_WRITE, false, 200, roleCreate));
        ops.add(new GrantOperation("update-role", Permission.ROLES_WRITE, false, 200, roleUpdate));
        ops.add(new GrantOperation("delete-role", Permission.ROLES_WRITE, false, 200, roleDelete));
        ops.add(new GrantOperation("assign-user-role", Permission.ROLES_WRITE, false, 200, assignUser));
        ops.add(new GrantOperation("unassign-user-role", Permission.ROLES_WRITE, false, 200, unassignUser));
        ops.add(new GrantOperation("assign-group-role", Permission.GROUPS_WRITE, false, 200, assignGroup));
        ops.add(new GrantOperation("unassign-group-role", Permission.GROUPS_WRITE, false, 200, unassignGroup));

        // group membership: a member gains the group's project roles and custom roles
        List<Variant> groupUserAdd = new ArrayList<>();
        List<Variant> groupUserRemove = new ArrayList<>();
        List<Variant> groupDelete = new ArrayList<>();
        for (ProjectRole role : new ProjectRole[] {ProjectRole.OWNER, ProjectRole.MEMBER, null}) {
            String label = role == null ? "grants nothing" : "project " + role.wire();
            Set<Permission> granted = role == null ? Set.of() : role.permissions();
            groupUserAdd.add(new Variant(label, fixed(granted), t -> t.target("group", t.newGroupWithRole(role)).with("user", t.newUser("reader")),
                    (r, t) -> r.body(Map.of("user_id", t.get("user"))).post(GROUPS + "/" + t.get("group") + "/users"),
                    (t, x) -> t.probe(GROUPS + "/" + x.get("group") + "/users/" + x.get("user"), "id")));
            groupUserRemove.add(new Variant(label, fixed(granted), t -> t.inGroup(t.newGroupWithRole(role), t.newUser("reader")),
                    (r, t) -> r.delete(GROUPS + "/" + t.get("group") + "/users/" + t.get("user")),
                    (t, x) -> t.probe(GROUPS + "/" + x.get("group") + "/users/" + x.get("user"), "id")));
            groupDelete.add(new Variant(label, fixed(granted), t -> t.inGroup(t.newGroupWithRole(role), t.newUser("reader")),
                    (r, t) -> r.delete(GROUPS + "/" + t.get("group")),
                    (t, x) -> t.probe(GROUPS + "/" + x.get("group"), "id")));
        }
        ops.add(new GrantOperation("add-group-user", Permission.GROUPS_WRITE, false, 200, groupUserAdd));
        ops.add(new GrantOperation("remove-group-user", Permission.GROUPS_WRITE, false, 200, groupUserRemove));
        ops.add(new GrantOperation("delete-group", Permission.GROUPS_WRITE, false, 200, groupDelete));

        // the seed dialects' creates: the creator becomes owner and gets an owner's key
        ops.add(new GrantOperation("machine-create-project", Permission.PROJECTS_WRITE, false, 201, List.of(
                new Variant("owner of the new project", fixed(ProjectRole.OWNER.permissions()), t -> t.target("name", "machine-" + t.serial()),
                        (r, t) -> r.body(Map.of("name", t.get("name"))).post("/machine/projects"),
                        (t, x) -> t.count(PROJECTS, "name", x.get("name"))))));
        ops.add(new GrantOperation("ingest-create-project", Permission.PROJECTS_WRITE, false, 201, List.of(
                new Variant("owner of the new project", fixed(ProjectRole.OWNER.permissions()), t -> t.target("name", "ingest-" + t.serial()),
                        (r, t) -> r.body(Map.of("name", t.get("name"))).post("/projects"),
                        (t, x) -> t.count(PROJECTS, "name", x.get("name"))))));
        return ops;
    }

    // --- the test ---------------------------------------------------------------------------------

    @Test
    void everyGrantOperationAgainstEveryGranterAndEveryRole() {
        projectId = createProject("matrix");
        // the matrix makes a few hundred service accounts in its project
        asSystem().body(Map.of("service_accounts_per_project", 10_000)).post(ORGANIZATIONS + "/" + organizationId + "/quotas")
                .then().statusCode(200);
        for (int i = 0; i < 6; i++) {
            setupKeys.add(createAdminKey("setup-" + i, "owner"));
        }
        nextSetupKey = new Cycle(setupKeys);
        List<Granter> granters = granters();
        List<GrantOperation> operations = operations();

        List<String> mismatches = new ArrayList<>();
        int cells = 0;
        int refused = 0;
        for (GrantOperation op : operations) {
            for (Variant variant : op.variants()) {
                Target unchanged = null; // a refused call leaves its target as it was, for the next granter
                for (Granter granter : granters) {
                    cells++;
                    Set<Permission> granted = variant.granted().apply(granter);
                    boolean mayCall = (op.inProject() || granter.organizationWide()) && granter.held().contains(op.needs());
                    boolean allowed = mayCall && granter.held().containsAll(granted);
                    String cell = op.operationId() + " [" + variant.label() + "] by " + granter.name();

                    Target target = unchanged != null ? unchanged : variant.setup().apply(this);
                    String stateBefore = variant.state().apply(this, target);
                    String auditBefore = latestAudit();
                    Response response = variant.call().apply(as(granter.key()), target);
                    unchanged = response.statusCode() >= 300 ? target : null;

                    if (allowed) {
                        if (response.statusCode() != op.okStatus()) {
                            mismatches.add(cell + ": expected " + op.okStatus() + ", got " + response.statusCode() + " " + response.asString());
                        } else if (auditBefore != null && auditBefore.equals(latestAudit())) {
                            mismatches.add(cell + ": allowed, yet nothing reached the audit log (the probe below would be blind)");
                        }
                        continue;
                    }
                    refused++;
                    if (response.statusCode() != 403) {
                        mismatches.add(cell + ": expected 403, got " + response.statusCode() + " " + response.asString());
                        continue;
                    }
                    if (mayCall && !response.asString().contains("cannot grant")) {
                        mismatches.add(cell + ": a refusal by the subset rule must name what was refused: " + response.asString());
                    }
                    String stateAfter = variant.state().apply(this, target);
                    if (!stateBefore.equals(stateAfter)) {
                        mismatches.add(cell + ": refused, yet the target changed: " + stateBefore + " -> " + stateAfter);
                    }
                    if (!java.util.Objects.equals(auditBefore, latestAudit())) {
                        mismatches.add(cell + ": refused, yet the audit log changed");
                    }
                }
            }
        }
        System.out.printf("grant matrix: %d operations, %d cells, %d refused%n", operations.size(), cells, refused);
        assertEquals(List.of(), mismatches, "of " + cells + " cells");
        assertTrue(refused > cells / 4 && refused < cells, "the matrix exercises both outcomes: " + refused + " of " + cells + " refused");
    }

    @Test
    void everyGrantOperationInTheDocumentHasAnEntry() throws Exception {
        JsonNode document = new ObjectMapper().readTree(RestAssured.get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        Set<String> found = grantOperations(document);
        Set<String> covered = new TreeSet<>();
        projectId = "proj_unused";
        operations().forEach(op -> covered.add(op.operationId()));
        Set<String> missing = new TreeSet<>(found);
        missing.removeAll(covered);
        missing.removeAll(NOT_GRANTS.keySet());
        assertEquals(Set.of(), missing, "grant operations with no entry in the matrix");
        Set<String> known = new TreeSet<>();
        document.get("paths").forEach(path -> path.forEach(op -> {
            if (op.has("operationId")) {
                known.add(op.get("operationId").asText());
            }
        }));
        Set<String> stale = new TreeSet<>(covered);
        stale.removeAll(known);
        assertEquals(Set.of(), stale, "matrix entries for operations the document no longer has");
        assertTrue(found.size() >= 25, "the scan itself found " + found);
    }

    /**
     * A write that carries a grant field, returns a new raw key, or removes a principal (a user, a service account,
     * a group, a role or an assignment).
     */
    static Set<String> grantOperations(JsonNode document) {
        JsonNode schemas = document.path("components").path("schemas");
        Set<String> found = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            String method = entry.getKey();
            JsonNode op = entry.getValue();
            if (!Set.of("post", "put", "patch", "delete").contains(method) || !op.has("operationId")) {
                return;
            }
            Set<String> body = new TreeSet<>();
            op.path("requestBody").path("content").forEach(c -> body.addAll(properties(schemas, c.path("schema"), 0)));
            Set<String> returned = new TreeSet<>();
            op.path("responses").fields().forEachRemaining(r -> {
                if (r.getKey().startsWith("2")) {
                    r.getValue().path("content").forEach(c -> returned.addAll(properties(schemas, c.path("schema"), 0)));
                }
            });
            boolean grantField = body.stream().anyMatch(GRANT_FIELDS::contains);
            boolean rawKey = returned.stream().anyMatch(RAW_KEY_FIELDS::contains);
            boolean removesPrincipal = method.equals("delete")
                    && path.getKey().matches(".*/(users|service_accounts|groups|roles)/\\{[a-z_]+}$");
            if (grantField || rawKey || removesPrincipal) {
                found.add(op.get("operationId").asText());
            }
        }));
        return found;
    }

    private static Set<String> properties(JsonNode schemas, JsonNode schema, int depth) {
        Set<String> names = new TreeSet<>();
        if (depth > 3 || schema == null || schema.isMissingNode()) {
            return names;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return properties(schemas, schemas.path(ref.substring(ref.lastIndexOf('/') + 1)), depth + 1);
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            schema.path(combinator).forEach(s -> names.addAll(properties(schemas, s, depth + 1)));
        }
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    // --- granters ---------------------------------------------------------------------------------

    private List<Granter> granters() {
        String projectOwner = newMember(ProjectRole.OWNER);
        String projectAdmin = newMember(ProjectRole.ADMIN);
        String projectMember = newMember(ProjectRole.MEMBER);
        String reader = newUser("reader");
        String customUser = newUser("reader");
        String customRole = newRole(CUSTOM.stream().map(Permission::value).toList());
        setup().body(Map.of("role_id", customRole)).post(USERS + "/" + customUser + "/roles").then().statusCode(200);
        setup().body(Map.of("user_id", customUser, "role", "member")).post(users()).then().statusCode(200);

        List<Granter> granters = new ArrayList<>();
        granters.add(new Granter("organization owner", ownerKey, ALL, true, true, ProjectRole.OWNER.permissions()));
        granters.add(new Granter("organization reader", adminKeyValue(reader, "owner"), READS, true, true, Set.of()));
        granters.add(new Granter("capped admin key (owner's reader key)", createAdminKey("capped", "reader"), READS, true, true, Set.of()));
        granters.add(new Granter("custom-role admin key", adminKeyValue(customUser, "owner"), union(READS, CUSTOM), true, true,
                ProjectRole.MEMBER.permissions()));
        for (Map.Entry<ProjectRole, String> member : Map.of(ProjectRole.OWNER, projectOwner, ProjectRole.ADMIN, projectAdmin,
                ProjectRole.MEMBER, projectMember).entrySet()) {
            granters.add(new Granter("project " + member.getKey().wire(), projectKey(projectId, member.getValue()),
                    member.getKey().permissions(), false, true, member.getKey().permissions()));
        }
        for (ServiceAccountRole role : ServiceAccountRole.values()) {
            granters.add(new Granter("service account " + role.wire(), serviceAccountKey(projectId, role.wire()), role.permissions(), false,
                    false, role.permissions()));
        }
        return granters;
    }

    // --- targets, made by the organization's owner ------------------------------------------------

    private RequestSpecification setup() {
        return as(nextSetupKey.next());
    }

    String serial() {
        return Integer.toString(serial.incrementAndGet());
    }

    Target target(String name, String value) {
        return new Target().with(name, value);
    }

    String newUser(String role) {
        return setup().body(Map.of("email", "u-" + serial() + "@example.com", "role", role)).post(USERS)
                .then().statusCode(200).extract().path("id");
    }

    String newMember(ProjectRole role) {
        String user = newUser("reader");
        setup().body(Map.of("user_id", user, "role", role.wire())).post(users()).then().statusCode(200);
        return user;
    }

    String newServiceAccount(ServiceAccountRole role) {
        String id = setup().body(Map.of("name", "bot-" + serial(), "create_service_account_only", true)).post(accounts())
                .then().statusCode(200).extract().path("id");
        if (role != ServiceAccountRole.MEMBER) {
            setup().body(Map.of("role", role.wire())).post(accounts() + "/" + id).then().statusCode(200);
        }
        return id;
    }

    String newGroup() {
        return setup().body(Map.of("name", "group-" + serial())).post(GROUPS).then().statusCode(200).extract().path("id");
    }

    String newProjectGroup(ProjectRole role) {
        String group = newGroup();
        setup().body(Map.of("group_id", group, "role", role.wire())).post(PROJECTS + "/" + projectId + "/groups").then().statusCode(200);
        return group;
    }

    String newGroupWithRole(ProjectRole role) {
        return role == null ? newGroup() : newProjectGroup(role);
    }

    String newRole(List<String> permissions) {
        return setup().body(Map.of("role_name", "role-" + serial(), "permissions", permissions)).post(ROLES)
                .then().statusCode(200).extract().path("id");
    }

    String newProjectKey(ProjectRole role) {
        return setup().body(Map.of("user_id", newMember(role), "name", "k")).post(projectKeys()).then().statusCode(200).extract().path("id");
    }

    String newAdminKey(String user) {
        return setup().body(Map.of("name", "k", "role", "owner", "owner_user_id", user)).post(ADMIN_KEYS)
                .then().statusCode(200).extract().path("id");
    }

    String adminKeyValue(String user, String role) {
        return setup().body(Map.of("name", "granter", "role", role, "owner_user_id", user)).post(ADMIN_KEYS)
                .then().statusCode(200).extract().path("value");
    }

    String newInvite(OrgRole role, List<Map<String, String>> projects) {
        return setup().body(Map.of("email", "invite-" + serial() + "@example.com", "role", role.wire(), "projects", projects)).post(INVITES)
                .then().statusCode(200).extract().path("id");
    }

    List<Map<String, String>> withProject(List<Map<String, String>> projects) {
        return projects.stream().map(p -> Map.of("id", projectId, "role", p.get("role"))).toList();
    }

    Target assignedToUser(String role, String user) {
        setup().body(Map.of("role_id", role)).post(USERS + "/" + user + "/roles").then().statusCode(200);
        Target t = target("role", role);
        t.put("user", user);
        return t;
    }

    Target assignedToGroup(String role, String group) {
        setup().body(Map.of("role_id", role)).post(GROUPS + "/" + group + "/roles").then().statusCode(200);
        Target t = target("role", role);
        t.put("group", group);
        return t;
    }

    Target inGroup(String group, String user) {
        setup().body(Map.of("user_id", user)).post(GROUPS + "/" + group + "/users").then().statusCode(200);
        Target t = target("group", group);
        t.put("user", user);
        return t;
    }

    /** The status of a read and one field of its body: what a change to the target would move. */
    String probe(String path, String field) {
        Response response = setup().get(path);
        return response.statusCode() + (response.statusCode() == 200 ? " " + response.path(field) : "");
    }

    /** How many items of a whole list (every page) have {@code field} equal to {@code value}. */
    String count(String path, String field, String value) {
        long found = 0;
        String after = null;
        boolean more;
        do {
            Response page = setup().get(path + "?limit=100" + (after == null ? "" : "&after=" + after));
            page.then().statusCode(200);
            List<Object> values = page.path("data." + field);
            found += values.stream().filter(value::equals).count();
            more = Boolean.TRUE.equals(page.path("has_more"));
            after = page.path("last_id");
        } while (more);
        return Long.toString(found);
    }

    private String latestAudit() {
        return setup().get("/v1/organization/audit_logs?limit=1&include_extension_events=true").then().statusCode(200).extract().path("data[0].id");
    }

    /** The setup keys in turn, so no one key meets the per-credential rate limit. */
    private static final class Cycle implements Iterator<String> {
        private final List<String> keys;
        private int next;

        Cycle(List<String> keys) {
            this.keys = keys;
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public String next() {
            return keys.get(next++ % keys.size());
        }
    }
}
