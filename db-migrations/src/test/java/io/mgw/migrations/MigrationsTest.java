package io.mgw.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mgw.embedded.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Flyway scripts on a real PostgreSQL (DATABASE_URL, else embedded 14): they apply, re-apply as a no-op, and their constraints hold. */
class MigrationsTest {

    private static final Set<String> EXPECTED_TABLES = Set.of(
            "organizations", "workspaces", "users", "api_keys", "login_sessions",
            "workflows", "workflow_versions", "workflow_shares", "deployments", "telephony_configurations",
            "streaming_sessions", "streaming_transcripts", "streaming_metrics", "streaming_errors",
            "streaming_handoffs", "processed_events", "chats", "executions", "execution_events", "queue_messages");

    // Postgres error classes: the assertions check which constraint kind refused the row, not just "some error".
    private static final String NOT_NULL_VIOLATION = "23502";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CHECK_VIOLATION = "23514";

    private static String url;
    private static Flyway flyway;
    private static MigrateResult firstMigration;
    private static List<String> historyAfterFirstMigration;
    private static Connection db;

    @BeforeAll
    static void migrateEmptyDatabase() throws SQLException {
        url = TestServices.createDatabase("migrations");
        flyway = Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load();
        firstMigration = flyway.migrate();
        db = DriverManager.getConnection(url);
        historyAfterFirstMigration = schemaHistory();
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (db == null) {
            return;
        }
        String name = db.getCatalog();
        db.close();
        // Best effort: leave the shared server as we found it; the database name is ours alone.
        String adminUrl = url.replaceFirst("(jdbc:postgresql://[^/?]+)/[^?]*", "$1/postgres");
        try (Connection admin = DriverManager.getConnection(adminUrl);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException ignored) {
            // A leftover test database is harmless.
        }
    }

    @Test
    void firstMigrateCreatesEveryTableOnAnEmptyDatabase() throws SQLException {
        assertTrue(firstMigration.success);
        assertTrue(firstMigration.migrationsExecuted >= 1);
        assertNull(firstMigration.initialSchemaVersion, "the database was not empty");
        Set<String> tables = new TreeSet<>();
        try (ResultSet rows = db.createStatement().executeQuery(
                "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        assertTrue(tables.containsAll(EXPECTED_TABLES), "missing: " + difference(EXPECTED_TABLES, tables));
        assertTrue(tables.contains("flyway_schema_history"));
    }

    @Test
    void secondMigrateIsANoOp() throws SQLException {
        MigrateResult second = flyway.migrate();
        assertTrue(second.success);
        assertEquals(0, second.migrationsExecuted);
        assertEquals(historyAfterFirstMigration, schemaHistory());
        flyway.validate();
    }

    @Test
    void accountTablesHaveExactlyTheAgreedColumns() throws SQLException {
        // The control plane's entities map these columns one to one; a rename here breaks them.
        assertEquals(List.of(
                "id text NO", "name text NO", "slug text NO", "session_seconds_budget int8 YES",
                "session_seconds_used int8 NO", "concurrent_call_limit int4 YES",
                "created_at timestamptz NO", "updated_at timestamptz NO"), columns("organizations"));
        assertEquals(List.of(
                "id text NO", "organization_id text NO", "name text NO", "is_default bool NO",
                "created_at timestamptz NO", "updated_at timestamptz NO"), columns("workspaces"));
        assertEquals(List.of(
                "id text NO", "organization_id text NO", "email text NO", "name text YES", "role text NO",
                "platform_admin bool NO", "password_hash text YES", "created_at timestamptz NO",
                "updated_at timestamptz NO", "deleted_at timestamptz YES"), columns("users"));
        assertEquals(List.of(
                "id text NO", "organization_id text NO", "user_id text NO", "created_by text YES", "name text NO",
                "key_prefix text NO", "key_hash text NO", "scopes _text NO", "revoked bool NO",
                "revoked_at timestamptz YES", "last_used_at timestamptz YES", "expires_at timestamptz YES",
                "created_at timestamptz NO"), columns("api_keys"));
    }

    @Test
    void workflowDefaultsToBatchWithAGeneratedAgentUuid() throws SQLException {
        Tenant tenant = tenant();
        String id = workflow(tenant, "batch", null);
        try (ResultSet row = query("SELECT workflow_type, agent_uuid, status, deployment_status, nodes::text"
                + " FROM workflows WHERE id = ?", id)) {
            assertTrue(row.next());
            assertEquals("batch", row.getString(1));
            assertNotNull(row.getObject(2, UUID.class));
            assertEquals("draft", row.getString(3));
            assertEquals("undeployed", row.getString(4));
            assertEquals("[]", row.getString(5));
        }
    }

    @Test
    void workflowTypeOtherThanBatchOrStreamingIsRejected() throws SQLException {
        Tenant tenant = tenant();
        assertEquals(CHECK_VIOLATION, sqlStateOf(() -> workflow(tenant, "other", null)));
    }

    @Test
    void twoWorkflowsCannotShareAnAgentUuid() throws SQLException {
        Tenant tenant = tenant();
        UUID agent = UUID.randomUUID();
        workflow(tenant, "streaming", agent);
        assertEquals(UNIQUE_VIOLATION, sqlStateOf(() -> workflow(tenant, "streaming", agent)));
    }

    @Test
    void workflowGraphMustBeJsonArrays() throws SQLException {
        Tenant tenant = tenant();
        assertEquals(CHECK_VIOLATION, sqlStateOf(() -> update(
                "INSERT INTO workflows (id, organization_id, workspace_id, owner_id, name, nodes)"
                        + " VALUES (?, ?, ?, ?, 'w', '{}'::jsonb)", newId("wf_"), tenant.org, tenant.workspace, tenant.user)));
    }

    @Test
    void apiKeyRequiresAKeyHash() throws SQLException {
        Tenant tenant = tenant();
        assertEquals(NOT_NULL_VIOLATION, sqlStateOf(() -> update(
                "INSERT INTO api_keys (id, organization_id, user_id, name, key_prefix, scopes)"
                        + " VALUES (?, ?, ?, 'ci', 'mgw_ab', ARRAY['workflows:read'])",
                newId("key_"), tenant.org, tenant.user)));
    }

    @Test
    void apiKeyHashIsUniqueAndKeyBelongsToAnExistingUser() throws SQLException {
        Tenant tenant = tenant();
        String hash = newId("hash_");
        String insert = "INSERT INTO api_keys (id, organization_id, user_id, name, key_prefix, key_hash, scopes)"
                + " VALUES (?, ?, ?, 'ci', 'mgw_ab', ?, ARRAY['workflows:read'])";
        update(insert, newId("key_"), tenant.org, tenant.user, hash);
        assertEquals(UNIQUE_VIOLATION, sqlStateOf(() -> update(insert, newId("key_"), tenant.org, tenant.user, hash)));
        assertEquals(FOREIGN_KEY_VIOLATION,
                sqlStateOf(() -> update(insert, newId("key_"), tenant.org, "user_missing", newId("hash_"))));
    }

    @Test
    void aLoginSessionKeepsItsKeysScopesAndGoesWithTheKey() throws SQLException {
        Tenant tenant = tenant();
        String key = newId("key_");
        update("INSERT INTO api_keys (id, organization_id, user_id, name, key_prefix, key_hash, scopes)"
                + " VALUES (?, ?, ?, 'ci', 'mgw_ab', ?, ARRAY['workflows:read'])", key, tenant.org, tenant.user, newId("hash_"));
        String insert = "INSERT INTO login_sessions (organization_id, user_id, token_hash, expires_at, api_key_id, scopes)"
                + " VALUES (?, ?, ?, now() + interval '1 hour', ?, ARRAY['workflows:read'])";
        update(insert, tenant.org, tenant.user, newId("hash_"), key);
        try (ResultSet rows = query("SELECT scopes::text FROM login_sessions WHERE api_key_id = ?", key)) {
            assertTrue(rows.next());
            assertEquals("{workflows:read}", rows.getString(1));
        }
        assertEquals(FOREIGN_KEY_VIOLATION, sqlStateOf(() -> update(insert, tenant.org, tenant.user, newId("hash_"),
                "key_missing")));
        update("DELETE FROM api_keys WHERE id = ?", key);
        try (ResultSet rows = query("SELECT count(*) FROM login_sessions WHERE user_id = ?", tenant.user)) {
            rows.next();
            assertEquals(0, rows.getInt(1));
        }
    }

    @Test
    void emailIsUniquePerOrganizationIgnoringCaseUntilTheUserIsDeleted() throws SQLException {
        Tenant tenant = tenant();
        String insert = "INSERT INTO users (id, organization_id, email, role) VALUES (?, ?, ?, 'member')";
        String first = newId("user_");
        update(insert, first, tenant.org, "Ada@Example.com");
        assertEquals(UNIQUE_VIOLATION, sqlStateOf(() -> update(insert, newId("user_"), tenant.org, "ada@example.COM")));
        update("UPDATE users SET deleted_at = now() WHERE id = ?", first);
        update(insert, newId("user_"), tenant.org, "ada@example.com");
        Tenant other = tenant();
        update(insert, newId("user_"), other.org, "ada@example.com");
        assertEquals(CHECK_VIOLATION, sqlStateOf(() -> update(
                "INSERT INTO users (id, organization_id, email, role) VALUES (?, ?, 'x@example.com', 'root')",
                newId("user_"), tenant.org)));
    }

    @Test
    void anOrganizationHasAtMostOneDefaultWorkspace() throws SQLException {
        Tenant tenant = tenant();
        update("INSERT INTO workspaces (id, organization_id, name) VALUES (?, ?, 'second')", newId("ws_"), tenant.org);
        assertEquals(UNIQUE_VIOLATION, sqlStateOf(() -> update(
                "INSERT INTO workspaces (id, organization_id, name, is_default) VALUES (?, ?, 'third', true)",
                newId("ws_"), tenant.org)));
    }

    @Test
    void sessionStatesAreTheDocumentedOnesAndTerminalOnesCarryEndedAt() throws SQLException {
        Tenant tenant = tenant();
        String workflow = workflow(tenant, "streaming", null);
        String insert = "INSERT INTO streaming_sessions (id, organization_id, workflow_id, status) VALUES (?, ?, ?, ?)";
        for (String state : List.of("pending", "scheduling", "ready", "connecting", "active", "draining")) {
            update(insert, newId("sess_"), tenant.org, workflow, state);
        }
        assertEquals(CHECK_VIOLATION, sqlStateOf(() -> update(insert, newId("sess_"), tenant.org, workflow, "running")));
        assertEquals(CHECK_VIOLATION, sqlStateOf(() -> update(insert, newId("sess_"), tenant.org, workflow, "ended")));
        String session = newId("sess_");
        update(insert, session, tenant.org, workflow, "active");
        update("UPDATE streaming_sessions SET status = 'ended', ended_at = now(), end_reason = 'completed' WHERE id = ?",
                session);
    }

    @Test
    void executionEventSequenceIsUniquePerExecution() throws SQLException {
        Tenant tenant = tenant();
        String workflow = workflow(tenant, "batch", null);
        UUID execution = UUID.randomUUID();
        update("INSERT INTO executions (id, organization_id, workflow_id, trigger_kind) VALUES (?, ?, ?, 'execute')",
                execution, tenant.org, workflow);
        String insert = "INSERT INTO execution_events (execution_id, seq, event_type, payload)"
                + " VALUES (?, ?, ?, '{}'::jsonb)";
        update(insert, execution, 1L, "run_started");
        update(insert, execution, 2L, "step_started");
        assertEquals(UNIQUE_VIOLATION, sqlStateOf(() -> update(insert, execution, 2L, "step_completed")));
        assertEquals(CHECK_VIOLATION, sqlStateOf(() -> update(insert, execution, 3L, "run_exploded")));
    }

    @Test
    void telephonyConfigurationIsUniquePerOrganizationProviderAndIdentifier() throws SQLException {
        Tenant tenant = tenant();
        String insert = "INSERT INTO telephony_configurations (id, organization_id, provider, identifier,"
                + " credentials_ciphertext, credentials_key_id) VALUES (?, ?, 'cloudonix', 'acme.cloudonix.net', ?, 'k1')";
        byte[] ciphertext = {1, 2, 3};
        update(insert, newId("tc_"), tenant.org, ciphertext);
        assertEquals(UNIQUE_VIOLATION, sqlStateOf(() -> update(insert, newId("tc_"), tenant.org, ciphertext)));
        update(insert, newId("tc_"), tenant().org, ciphertext);
    }

    @Test
    void eventIdIsStoredOnce() throws SQLException {
        String eventId = UUID.randomUUID().toString();
        String insert = "INSERT INTO processed_events (event_id, event_type) VALUES (?, 'transcript')"
                + " ON CONFLICT (event_id) DO NOTHING";
        assertEquals(1, update(insert, eventId));
        assertEquals(0, update(insert, eventId));
    }

    @Test
    void deletingAnOrganizationRemovesEverythingItOwns() throws SQLException {
        Tenant tenant = tenant();
        String workflow = workflow(tenant, "streaming", null);
        update("INSERT INTO api_keys (id, organization_id, user_id, created_by, name, key_prefix, key_hash, scopes)"
                        + " VALUES (?, ?, ?, ?, 'ci', 'mgw_ab', ?, ARRAY['admin'])",
                newId("key_"), tenant.org, tenant.user, tenant.user, newId("hash_"));
        String deployment = newId("dep_");
        update("INSERT INTO deployments (id, organization_id, workflow_id, driver) VALUES (?, ?, ?, 'local')",
                deployment, tenant.org, workflow);
        String session = newId("sess_");
        update("INSERT INTO streaming_sessions (id, organization_id, workflow_id, deployment_id, owner_id)"
                + " VALUES (?, ?, ?, ?, ?)", session, tenant.org, workflow, deployment, tenant.user);
        update("INSERT INTO streaming_transcripts (id, session_id, role, text, emitted_at)"
                + " VALUES (?, ?, 'user', 'hello', now())", newId("txn_"), session);
        update("INSERT INTO workflow_shares (workflow_id, user_id) VALUES (?, ?)", workflow, tenant.user);

        assertEquals(1, update("DELETE FROM organizations WHERE id = ?", tenant.org));
        for (String table : List.of("workspaces", "users", "api_keys", "workflows", "deployments", "streaming_sessions")) {
            try (ResultSet rows = query("SELECT count(*) FROM " + table + " WHERE organization_id = ?", tenant.org)) {
                rows.next();
                assertEquals(0, rows.getInt(1), table);
            }
        }
        try (ResultSet rows = query("SELECT count(*) FROM streaming_transcripts WHERE session_id = ?", session)) {
            rows.next();
            assertEquals(0, rows.getInt(1));
        }
    }

    private record Tenant(String org, String workspace, String user) {
    }

    /** A fresh organization with its default workspace and an owner, so tests never share rows. */
    private static Tenant tenant() throws SQLException {
        Tenant tenant = new Tenant(newId("org_"), newId("ws_"), newId("user_"));
        update("INSERT INTO organizations (id, name, slug) VALUES (?, 'Acme', ?)", tenant.org, tenant.org);
        update("INSERT INTO workspaces (id, organization_id, name, is_default) VALUES (?, ?, 'default', true)",
                tenant.workspace, tenant.org);
        update("INSERT INTO users (id, organization_id, email, role) VALUES (?, ?, 'owner@example.com', 'owner')",
                tenant.user, tenant.org);
        return tenant;
    }

    private static String workflow(Tenant tenant, String type, UUID agentUuid) throws SQLException {
        String id = newId("wf_");
        if (agentUuid == null) {
            update("INSERT INTO workflows (id, organization_id, workspace_id, owner_id, name, workflow_type)"
                    + " VALUES (?, ?, ?, ?, 'w', ?)", id, tenant.org, tenant.workspace, tenant.user, type);
        } else {
            update("INSERT INTO workflows (id, organization_id, workspace_id, owner_id, name, workflow_type, agent_uuid)"
                    + " VALUES (?, ?, ?, ?, 'w', ?, ?)", id, tenant.org, tenant.workspace, tenant.user, type, agentUuid);
        }
        return id;
    }

    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            bind(statement, args);
            return statement.executeUpdate();
        }
    }

    /** The caller closes the result set; its statement closes with it. */
    private static ResultSet query(String sql, Object... args) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        bind(statement, args);
        statement.closeOnCompletion();
        return statement.executeQuery();
    }

    private static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static String sqlStateOf(SqlAction action) {
        return assertThrows(SQLException.class, action::run).getSQLState();
    }

    private static List<String> columns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = query("SELECT column_name, udt_name, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position", table)) {
            while (rows.next()) {
                columns.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
            }
        }
        assertFalse(columns.isEmpty(), table);
        return columns;
    }

    private static List<String> schemaHistory() throws SQLException {
        List<String> history = new ArrayList<>();
        try (ResultSet rows = db.createStatement().executeQuery(
                "SELECT installed_rank, version, description, script, checksum, installed_on, success"
                        + " FROM flyway_schema_history ORDER BY installed_rank")) {
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= 7; i++) {
                    row.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
                }
                history.add(row.toString());
            }
        }
        assertFalse(history.isEmpty());
        return history;
    }

    private static Set<String> difference(Set<String> expected, Set<String> actual) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        return missing;
    }
}
