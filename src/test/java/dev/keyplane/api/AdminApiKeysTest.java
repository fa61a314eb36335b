package dev.keyplane.api;

import dev.keyplane.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class AdminApiKeysTest extends ApiTest {

    @Test
    void adminKeyLifecycle() {
        Response created = asOwner().body(Map.of("name", "CI key", "expires_in_seconds", 3600)).post(ADMIN_KEYS);
        created.then().statusCode(200)
                .body("object", equalTo("organization.admin_api_key"))
                .body("id", startsWith("key_"))
                .body("name", equalTo("CI key"))
                .body("value", startsWith("sk-admin-"))
                .body("owner.type", equalTo("user"))
                .body("owner.object", equalTo("organization.user"))
                .body("owner.role", equalTo("owner"))
                .body("role", equalTo("owner"))
                .body("last_used_at", nullValue());
        String id = created.path("id");
        String value = created.path("value");
        long createdAt = ((Number) created.path("created_at")).longValue();
        assertEquals(createdAt + 3600, ((Number) created.path("expires_at")).longValue());
        assertEquals("sk-admin..." + value.substring(value.length() - 4), created.path("redacted_value"));

        // the raw value is never shown again
        Response fetched = asOwner().get(ADMIN_KEYS + "/" + id);
        fetched.then().statusCode(200).body("id", equalTo(id)).body("redacted_value", equalTo(created.path("redacted_value")));
        assertFalse(fetched.asString().contains(value.substring(20)), "no part of the secret leaks");
        assertFalse(fetched.asString().contains("\"value\""));

        as(value).get(PROJECTS).then().statusCode(200);

        asOwner().get(ADMIN_KEYS).then().statusCode(200).body("data", hasSize(2));
        asOwner().delete(ADMIN_KEYS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("object", equalTo("organization.admin_api_key.deleted")).body("deleted", equalTo(true));
        assertError(as(value).get(PROJECTS), 401, "invalid_api_key", null);
        assertError(asOwner().get(ADMIN_KEYS + "/" + id), 404, "not_found", null);
        assertError(asOwner().delete(ADMIN_KEYS + "/" + id), 404, "not_found", null);
        asOwner().get(ADMIN_KEYS).then().statusCode(200).body("data", hasSize(1)).body("data[0].id", not(equalTo(id)));
    }

    @Test
    void listsPageInBothOrders() {
        List<String> ids = new ArrayList<>();
        ids.add(asOwner().get(ADMIN_KEYS).then().extract().path("data[0].id"));
        for (int i = 0; i < 4; i++) {
            ids.add(asOwner().body(Map.of("name", "k" + i)).post(ADMIN_KEYS).then().statusCode(200).extract().path("id"));
        }
        Response page1 = asOwner().queryParam("limit", 2).get(ADMIN_KEYS);
        page1.then().statusCode(200).body("has_more", equalTo(true));
        assertEquals(ids.subList(0, 2), page1.path("data.id"));
        Response page2 = asOwner().queryParam("limit", 2).queryParam("after", ids.get(1)).get(ADMIN_KEYS);
        assertEquals(ids.subList(2, 4), page2.path("data.id"));
        Response page3 = asOwner().queryParam("limit", 2).queryParam("after", ids.get(3)).get(ADMIN_KEYS);
        page3.then().body("has_more", equalTo(false));
        assertEquals(ids.subList(4, 5), page3.path("data.id"));

        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        Response desc = asOwner().queryParam("order", "desc").queryParam("limit", 3).get(ADMIN_KEYS);
        assertEquals(reversed.subList(0, 3), desc.path("data.id"));
        Response descNext = asOwner().queryParam("order", "desc").queryParam("after", reversed.get(2)).get(ADMIN_KEYS);
        assertEquals(reversed.subList(3, 5), descNext.path("data.id"));
    }

    @Test
    void idempotentCreateNeverStoresOrReplaysTheSecret() {
        Response first = asOwner().header("Idempotency-Key", "mint-1").body(Map.of("name", "once")).post(ADMIN_KEYS);
        first.then().statusCode(200);
        String value = first.path("value");
        Response replay = asOwner().header("Idempotency-Key", "mint-1").body(Map.of("name", "once")).post(ADMIN_KEYS);
        replay.then().statusCode(200).header("Idempotent-Replayed", equalTo("true"))
                .body("id", equalTo(first.path("id")))
                .body("value", equalTo(first.path("redacted_value")));
        assertFalse(replay.asString().contains(value));
        asOwner().get(ADMIN_KEYS).then().body("data", hasSize(2));
    }

    @Test
    void rejectsInvalidCreateRequests() {
        assertError(asOwner().body(Map.of()).post(ADMIN_KEYS), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", " ")).post(ADMIN_KEYS), 400, "invalid_value", "name");
        assertError(asOwner().body(Map.of("name", "x", "expires_in_seconds", 0)).post(ADMIN_KEYS), 400, "invalid_value", "expires_in_seconds");
        assertError(asOwner().body(Map.of("name", "x", "expires_in_seconds", 31_536_001)).post(ADMIN_KEYS), 400, "invalid_value", "expires_in_seconds");
        assertError(asOwner().body(Map.of("name", "x", "expires_in_seconds", "soon")).post(ADMIN_KEYS), 400, "invalid_value", "expires_in_seconds");
        assertError(asOwner().body(Map.of("name", "x", "role", "admin")).post(ADMIN_KEYS), 400, "invalid_value", "role");
        assertError(asOwner().get(ADMIN_KEYS + "/not-a-key"), 404, "not_found", null);
        assertError(asOwner().queryParam("order", "sideways").get(ADMIN_KEYS), 400, "invalid_value", "order");
    }
}
