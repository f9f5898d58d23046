package io.mgw.controlplane.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

/** Creates organizations, users and keys over the real API, as a platform admin would. */
public final class Tenants {

    private Tenants() {
    }

    /** An organization and its owner's all-scopes key. */
    public record Tenant(Api api, String orgId, String ownerId, String ownerKey) {

        /** A key of the owner limited to {@code scopes}. */
        public String ownerKeyWith(String... scopes) {
            var key = api.post("/api/v1/api-keys", ownerKey, Api.json(Map.of("name", "scoped", "scopes", List.of(scopes))));
            assertEquals(201, key.status(), key.raw());
            return key.text("key");
        }

        /** A new member and a key holding every member scope. */
        public Member member(String email) {
            var user = api.post("/api/v1/users", ownerKey, Api.json(Map.of("email", email, "role", "member")));
            assertEquals(201, user.status(), user.raw());
            var key = api.post("/api/v1/api-keys", ownerKey,
                    Api.json(Map.of("name", "member", "userId", user.text("id"))));
            assertEquals(201, key.status(), key.raw());
            return new Member(user.text("id"), key.text("key"));
        }
    }

    /** A member of an organization and their key. */
    public record Member(String userId, String key) {
    }

    public static Tenant create(Api api, String slug) {
        var org = api.post("/api/v1/organizations", ControlPlaneTestSupport.BOOTSTRAP_KEY, Api.json(Map.of(
                "name", slug, "slug", slug, "owner", Map.of("email", "owner@" + slug + ".test"))));
        assertEquals(201, org.status(), org.raw());
        return new Tenant(api, org.json().path("organization").path("id").asText(),
                org.json().path("owner").path("id").asText(), org.json().path("apiKey").path("key").asText());
    }
}
