package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * Array filters in both spellings (the official SDKs send {@code emails[]=}, the reference documents {@code emails=}),
 * and no filter silently ignored: both spellings at once, or an unknown parameter, is a 400 naming it.
 */
@QuarkusTest
class QueryParametersTest extends ApiTest {

    private static final String AUDIT = "/v1/organization/audit_logs";

    @Test
    void emailsFilterInEitherSpelling() {
        String ada = addUser("ada@example.com", "reader");
        addUser("bob@example.com", "reader");
        asOwner().get(USERS + "?emails[]=ada@example.com").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(ada));
        asOwner().urlEncodingEnabled(false).get(USERS + "?emails%5B%5D=ada%40example.com").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(ada));
        asOwner().get(USERS + "?emails=ada@example.com").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(ada));
        asOwner().get(USERS + "?emails[]=ada@example.com&emails[]=bob@example.com").then().statusCode(200).body("data", hasSize(2));
        asOwner().get(USERS + "?emails[]=nobody@example.com").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void bothSpellingsAtOnceAreRefused() {
        assertError(asOwner().get(USERS + "?emails=a@example.com&emails[]=b@example.com"), 400, "invalid_value", "emails");
        assertError(asOwner().get(AUDIT + "?event_types[]=project.created&event_types=project.updated"), 400, "invalid_value",
                "event_types[]");
    }

    @Test
    void auditFiltersWithoutBrackets() {
        String projectId = createProject("filtered");
        asOwner().get(AUDIT + "?event_types=project.created&project_ids=" + projectId).then().statusCode(200)
                .body("data", hasSize(1)).body("data.type", everyItem(equalTo("project.created")));
        asOwner().get(AUDIT + "?resource_ids[]=" + projectId + "&event_types[]=project.created").then().statusCode(200)
                .body("data", hasSize(1));
    }

    @Test
    void unknownParametersAreRefusedInEveryDialect() {
        assertError(asOwner().get(USERS + "?email=ada@example.com"), 400, "invalid_value", "email");
        assertError(asOwner().get(PROJECTS + "?limit=5&archived=true"), 400, "invalid_value", "archived");
        assertError(asOwner().get(AUDIT + "?user_ids[]=user_x"), 400, "invalid_value", "user_ids[]");
        assertSeedError(asOwner().get("/machine/projects?owner=me"), 400, "invalid_value", "owner");
        assertSeedError(asOwner().get("/projects?owner=me"), 400, "invalid_value", "owner");
        // parameters the operation has still work beside the check
        asOwner().get(PROJECTS + "?limit=5&include_archived=true").then().statusCode(200);
        asOwner().body(Map.of("key", "sk-admin-unknown")).post("/v1/keys/verify").then().statusCode(200);
        List.of(USERS, PROJECTS, INVITES, GROUPS, ROLES, ADMIN_KEYS).forEach(path ->
                assertError(asOwner().get(path + "?surprise=1"), 400, "invalid_value", "surprise"));
    }
}
