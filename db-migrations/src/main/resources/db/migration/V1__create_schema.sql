-- The whole first schema of the gateway's control plane. Portable across PostgreSQL 14 (embedded) and 15:
-- no extensions, no NULLS NOT DISTINCT, no MERGE; gen_random_uuid() is core since 13.
-- Ids are application-made text with a prefix (org_, ws_, user_, key_, wf_, ver_, dep_, sess_, txn_, met_,
-- err_, ho_, tc_); executions and chats are uuid because the SSE document requires UUIDs.
-- Enumerations are lowercase text guarded by CHECKs, so adding a value is a new migration, not a type change.

-- ---------------------------------------------------------------------------------------------------------
-- Accounts
-- ---------------------------------------------------------------------------------------------------------

-- Tenants: every other row hangs off one, and the budget and call limit are enforced per tenant.
CREATE TABLE organizations (
    id                     text        PRIMARY KEY,
    name                   text        NOT NULL,
    slug                   text        NOT NULL UNIQUE,
    session_seconds_budget bigint      NULL CHECK (session_seconds_budget >= 0),
    session_seconds_used   bigint      NOT NULL DEFAULT 0 CHECK (session_seconds_used >= 0),
    concurrent_call_limit  integer     NULL CHECK (concurrent_call_limit >= 0),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

-- Flow-run URLs address /tenants/{org}/workspaces/{ws}, so workflows are grouped per workspace.
CREATE TABLE workspaces (
    id              text        PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    is_default      boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, name)
);
CREATE UNIQUE INDEX workspaces_one_default_per_org_uidx ON workspaces (organization_id) WHERE is_default;

-- People of one organization; soft-deleted so their keys, shares and history keep a valid owner.
CREATE TABLE users (
    id              text        PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           text        NOT NULL,
    name            text        NULL,
    role            text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    platform_admin  boolean     NOT NULL DEFAULT false,
    password_hash   text        NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz NULL
);
CREATE UNIQUE INDEX users_org_email_uidx ON users (organization_id, lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_org_created_idx ON users (organization_id, created_at, id);
-- Browser login finds the user by e-mail before it knows the organization.
CREATE INDEX users_email_idx ON users (lower(email)) WHERE deleted_at IS NULL;

-- Keys act as their user with a subset of its scopes; only a hash of the secret is kept.
CREATE TABLE api_keys (
    id              text        PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by      text        NULL REFERENCES users (id) ON DELETE SET NULL,
    name            text        NOT NULL,
    key_prefix      text        NOT NULL,
    key_hash        text        NOT NULL UNIQUE,
    scopes          text[]      NOT NULL,
    revoked         boolean     NOT NULL DEFAULT false,
    revoked_at      timestamptz NULL,
    last_used_at    timestamptz NULL,
    expires_at      timestamptz NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (revoked OR revoked_at IS NULL)
);
CREATE INDEX api_keys_org_created_idx ON api_keys (organization_id, created_at);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

-- Cookie sessions for the SSE stream (browsers cannot send X-API-Key); only a hash of the cookie is kept.
CREATE TABLE login_sessions (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash      text        NOT NULL UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    last_seen_at    timestamptz NULL,
    revoked_at      timestamptz NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX login_sessions_user_idx ON login_sessions (user_id);
CREATE INDEX login_sessions_expires_idx ON login_sessions (expires_at);

-- ---------------------------------------------------------------------------------------------------------
-- Workflows
-- ---------------------------------------------------------------------------------------------------------

-- Batch and streaming workflows share one row shape (one API creates both); the graph stays JSONB
-- because the API reads and writes it whole and node shapes come from the catalog, not the schema.
CREATE TABLE workflows (
    id                text        PRIMARY KEY,
    organization_id   text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- NO ACTION (not RESTRICT) so an organization's cascade may remove workspaces and workflows together.
    workspace_id      text        NOT NULL REFERENCES workspaces (id),
    -- Null only for system-seeded templates or after the owner row was hard-deleted.
    owner_id          text        NULL REFERENCES users (id) ON DELETE SET NULL,
    name              text        NOT NULL CHECK (name <> ''),
    description       text        NULL,
    workflow_type     text        NOT NULL DEFAULT 'batch' CHECK (workflow_type IN ('batch', 'streaming')),
    -- The stable agent-stream address: never changes with versions, unique across all tenants.
    agent_uuid        uuid        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    status            text        NOT NULL DEFAULT 'draft'
                                  CHECK (status IN ('draft', 'active', 'paused', 'archived')),
    -- Summary of the newest deployment; the streaming view shows it as its status.
    deployment_status text        NOT NULL DEFAULT 'undeployed'
                                  CHECK (deployment_status IN ('undeployed', 'deploying', 'deployed', 'stopped', 'failed')),
    version           integer     NOT NULL DEFAULT 1 CHECK (version >= 0),
    nodes             jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(nodes) = 'array'),
    connections       jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(connections) = 'array'),
    config            jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
    settings          jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    tags              text[]      NOT NULL DEFAULT '{}',
    -- Written by compute-scopes from the node configs.
    scopes            text[]      NOT NULL DEFAULT '{}',
    -- Null = never set; the control plane applies its default policy.
    lifecycle_policy  jsonb       NULL CHECK (lifecycle_policy IS NULL OR (jsonb_typeof(lifecycle_policy) = 'object'
                                  AND lifecycle_policy ->> 'type' IN ('always-on', 'idle-shutdown', 'on-demand', 'scheduled-window'))),
    -- Marketplace app that owns the workflow (discover?appId=).
    app_id            text        NULL,
    is_public         boolean     NOT NULL DEFAULT false,
    is_template       boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflows_org_created_idx ON workflows (organization_id, created_at DESC, id);
CREATE INDEX workflows_org_status_created_idx ON workflows (organization_id, status, created_at DESC, id);
CREATE INDEX workflows_org_type_created_idx ON workflows (organization_id, workflow_type, created_at DESC, id);
CREATE INDEX workflows_workspace_idx ON workflows (workspace_id, created_at DESC);
CREATE INDEX workflows_owner_idx ON workflows (owner_id);
CREATE INDEX workflows_tags_gin ON workflows USING gin (tags);
-- Portable search without pg_trgm: serves equality and prefix matches on lower(name); substring search
-- scans only the organization's rows through the indexes above.
CREATE INDEX workflows_org_lower_name_idx ON workflows (organization_id, lower(name) text_pattern_ops);
CREATE INDEX workflows_app_idx ON workflows (app_id) WHERE app_id IS NOT NULL;
CREATE INDEX workflows_templates_idx ON workflows (created_at) WHERE is_template;

-- Immutable snapshots, so a deployment or a rollback can name the exact graph it ran.
CREATE TABLE workflow_versions (
    id          text        PRIMARY KEY,
    workflow_id text        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    version     integer     NOT NULL CHECK (version >= 1),
    version_tag text        NOT NULL CHECK (version_tag <> ''),
    description text        NULL,
    nodes       jsonb       NOT NULL CHECK (jsonb_typeof(nodes) = 'array'),
    connections jsonb       NOT NULL CHECK (jsonb_typeof(connections) = 'array'),
    config      jsonb       NOT NULL DEFAULT '{}',
    settings    jsonb       NOT NULL DEFAULT '{}',
    created_by  text        NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workflow_id, version)
);

-- Visibility beyond owner and public flag: a row per user the owner shared with.
CREATE TABLE workflow_shares (
    workflow_id text        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    user_id     text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    shared_by   text        NULL REFERENCES users (id) ON DELETE SET NULL,
    shared_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, user_id)
);
-- "Workflows shared with me" in the visibility filter.
CREATE INDEX workflow_shares_user_idx ON workflow_shares (user_id, workflow_id);

-- ---------------------------------------------------------------------------------------------------------
-- Deployments and telephony
-- ---------------------------------------------------------------------------------------------------------

-- One row per deploy, kept after undeploy as history; the driver (local or kubernetes) reconciles to it.
CREATE TABLE deployments (
    id                           text        PRIMARY KEY,
    organization_id              text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id                  text        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    -- The graph version deployed (null = the live graph at deploy time, snapshotted in definition).
    workflow_version             integer     NULL,
    definition                   jsonb       NULL,
    environment                  text        NOT NULL DEFAULT 'production'
                                             CHECK (environment IN ('development', 'test', 'production')),
    driver                       text        NOT NULL CHECK (driver IN ('local', 'kubernetes')),
    namespace                    text        NULL,
    status                       text        NOT NULL DEFAULT 'pending'
                                             CHECK (status IN ('pending', 'ready', 'failed', 'stopping', 'stopped',
                                                               'undeploying', 'undeployed')),
    status_reason                text        NULL,
    stopped_reason               text        NULL,
    replicas                     integer     NOT NULL DEFAULT 1 CHECK (replicas >= 0),
    ready_replicas               integer     NOT NULL DEFAULT 0 CHECK (ready_replicas >= 0),
    cpu                          text        NULL,
    memory                       text        NULL,
    disk                         text        NULL,
    gpu                          integer     NOT NULL DEFAULT 0 CHECK (gpu >= 0),
    gpu_type                     text        NULL,
    idle_timeout_seconds         integer     NULL CHECK (idle_timeout_seconds > 0),
    max_session_duration_seconds integer     NULL CHECK (max_session_duration_seconds > 0),
    max_concurrent_sessions      integer     NULL CHECK (max_concurrent_sessions > 0),
    -- Dev-run deployments made by session creation; the reaper removes them once expires_at passes.
    ephemeral                    boolean     NOT NULL DEFAULT false,
    ttl_seconds                  integer     NULL CHECK (ttl_seconds > 0),
    expires_at                   timestamptz NULL,
    last_activity_at             timestamptz NULL,
    created_at                   timestamptz NOT NULL DEFAULT now(),
    updated_at                   timestamptz NOT NULL DEFAULT now(),
    CHECK (NOT ephemeral OR expires_at IS NOT NULL)
);
CREATE INDEX deployments_workflow_created_idx ON deployments (workflow_id, created_at DESC, id);
CREATE INDEX deployments_workflow_env_status_idx ON deployments (workflow_id, environment, status);
CREATE INDEX deployments_org_created_idx ON deployments (organization_id, created_at DESC, id);
-- Reaper and lifecycle reconciler scan only live rows.
CREATE INDEX deployments_live_expires_idx ON deployments (expires_at) WHERE status NOT IN ('undeployed', 'failed');

-- Provider credentials per tenant; stored encrypted (MGW_SECRET_KEY) so a database dump leaks no tokens.
CREATE TABLE telephony_configurations (
    id                     text        PRIMARY KEY,
    organization_id        text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    provider               text        NOT NULL CHECK (provider ~ '^[a-z][a-z0-9_-]*$'),
    -- What the provider sends or the URL carries: Cloudonix domain, Twilio account SID, ...
    identifier             text        NOT NULL CHECK (identifier <> ''),
    name                   text        NULL,
    -- Nonce and ciphertext of the credentials JSON in one blob; key id names the key for rotation.
    credentials_ciphertext bytea       NOT NULL CHECK (octet_length(credentials_ciphertext) > 0),
    credentials_key_id     text        NOT NULL,
    -- A masked hint (e.g. last four characters) so the API can show a credential without decrypting it.
    credentials_hint       text        NULL,
    api_base_url           text        NULL CHECK (api_base_url ~ '^https?://'),
    created_by             text        NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, provider, identifier)
);
CREATE INDEX telephony_configurations_org_created_idx ON telephony_configurations (organization_id, created_at, id);

-- ---------------------------------------------------------------------------------------------------------
-- Streaming sessions (rows derived from mgw:events are deduplicated through processed_events)
-- ---------------------------------------------------------------------------------------------------------

-- One row per session or admitted call; its state machine is the session document's, terminal = ended/failed.
CREATE TABLE streaming_sessions (
    id                           text        PRIMARY KEY,
    organization_id              text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id                  text        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    deployment_id                text        NULL REFERENCES deployments (id) ON DELETE SET NULL,
    -- Null for calls admitted through the agent stream (no API-key user behind them).
    owner_id                     text        NULL REFERENCES users (id) ON DELETE SET NULL,
    status                       text        NOT NULL DEFAULT 'pending'
                                             CHECK (status IN ('pending', 'scheduling', 'ready', 'connecting', 'active',
                                                               'draining', 'ended', 'failed')),
    metadata                     jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    correlation_id               text        NULL,
    disposition_schema_version   text        NULL,
    estimated_duration_seconds   integer     NULL CHECK (estimated_duration_seconds >= 0),
    -- The pod's disposition frame (schema_version + fields), kept as the session's result.
    disposition                  jsonb       NULL,
    started_at                   timestamptz NOT NULL DEFAULT now(),
    ready_at                     timestamptz NULL,
    ended_at                     timestamptz NULL,
    end_reason                   text        NULL,
    -- Seconds charged to organizations.session_seconds_used; set once so ending twice charges once.
    billed_seconds               bigint      NULL CHECK (billed_seconds >= 0),
    -- Agent-stream call fields (null for app sessions).
    call_type                    text        NULL CHECK (call_type IN ('inbound', 'outbound')),
    call_id                      text        NULL,
    caller_number                text        NULL,
    called_number                text        NULL,
    provider                     text        NULL,
    provider_identifiers         jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(provider_identifiers) = 'object'),
    telephony_configuration_id   text        NULL REFERENCES telephony_configurations (id) ON DELETE SET NULL,
    -- Last close seen on the socket (from call.closed events).
    close_code                   integer     NULL CHECK (close_code BETWEEN 1000 AND 4999),
    close_reason                 text        NULL,
    created_at                   timestamptz NOT NULL DEFAULT now(),
    updated_at                   timestamptz NOT NULL DEFAULT now(),
    CHECK ((status IN ('ended', 'failed')) = (ended_at IS NOT NULL))
);
CREATE INDEX streaming_sessions_org_started_idx ON streaming_sessions (organization_id, started_at DESC, id);
CREATE INDEX streaming_sessions_org_status_started_idx ON streaming_sessions (organization_id, status, started_at DESC, id);
CREATE INDEX streaming_sessions_workflow_started_idx ON streaming_sessions (workflow_id, started_at DESC, id);
CREATE INDEX streaming_sessions_workflow_status_started_idx ON streaming_sessions (workflow_id, status, started_at DESC, id);
-- max_concurrent_sessions at connect time counts the deployment's live sessions.
CREATE INDEX streaming_sessions_live_by_deployment_idx ON streaming_sessions (deployment_id)
    WHERE status NOT IN ('ended', 'failed');
-- The organization's concurrent-call limit counts its live calls at admission.
CREATE INDEX streaming_sessions_live_calls_by_org_idx ON streaming_sessions (organization_id)
    WHERE call_type IS NOT NULL AND status NOT IN ('ended', 'failed');
CREATE INDEX streaming_sessions_call_idx ON streaming_sessions (provider, call_id) WHERE call_id IS NOT NULL;

-- Transcript lines as the pod emitted them; read oldest first per session.
CREATE TABLE streaming_transcripts (
    id         text        PRIMARY KEY,
    session_id text        NOT NULL REFERENCES streaming_sessions (id) ON DELETE CASCADE,
    role       text        NOT NULL CHECK (role <> ''),
    text       text        NOT NULL,
    is_final   boolean     NOT NULL DEFAULT true,
    emitted_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX streaming_transcripts_session_emitted_idx ON streaming_transcripts (session_id, emitted_at, id);

-- Ten-second usage windows from the pod (asr words, tts chars, barge-ins), read oldest first per session.
CREATE TABLE streaming_metrics (
    id             text        PRIMARY KEY,
    session_id     text        NOT NULL REFERENCES streaming_sessions (id) ON DELETE CASCADE,
    window_start   timestamptz NOT NULL,
    window_end     timestamptz NOT NULL,
    asr_words      integer     NOT NULL DEFAULT 0 CHECK (asr_words >= 0),
    tts_chars      integer     NOT NULL DEFAULT 0 CHECK (tts_chars >= 0),
    barge_in_count integer     NOT NULL DEFAULT 0 CHECK (barge_in_count >= 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (window_end >= window_start)
);
CREATE INDEX streaming_metrics_session_window_idx ON streaming_metrics (session_id, window_start, id);

-- Node errors that did not end the session; operators read them per session.
CREATE TABLE streaming_errors (
    id          text        PRIMARY KEY,
    session_id  text        NOT NULL REFERENCES streaming_sessions (id) ON DELETE CASCADE,
    code        text        NOT NULL,
    message     text        NULL,
    node_id     text        NULL,
    -- The API's "timestamp".
    occurred_at timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX streaming_errors_session_occurred_idx ON streaming_errors (session_id, occurred_at, id);

-- Multi-agent handoff history, mirrored read-only to the API.
CREATE TABLE streaming_handoffs (
    id           text        PRIMARY KEY,
    session_id   text        NOT NULL REFERENCES streaming_sessions (id) ON DELETE CASCADE,
    from_agent   text        NULL,
    to_agent     text        NOT NULL,
    reason       text        NULL,
    started_at   timestamptz NOT NULL,
    completed_at timestamptz NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (completed_at IS NULL OR completed_at >= started_at)
);
CREATE INDEX streaming_handoffs_session_started_idx ON streaming_handoffs (session_id, started_at, id);

-- Idempotency of the mgw:events consumer: one table rather than an event_id column per derived row,
-- because session.state, call.closed and execution status events update existing rows instead of
-- inserting one. The consumer inserts here (ON CONFLICT DO NOTHING) in the same transaction as the
-- effect and skips the effect when the row already existed. No foreign keys: an event may outlive its rows.
CREATE TABLE processed_events (
    event_id        text        PRIMARY KEY,
    event_type      text        NOT NULL,
    organization_id text        NULL,
    session_id      text        NULL,
    stream_entry_id text        NULL,
    processed_at    timestamptz NOT NULL DEFAULT now()
);
-- Old rows may be pruned once far older than any unacknowledged stream entry.
CREATE INDEX processed_events_processed_at_idx ON processed_events (processed_at);

-- ---------------------------------------------------------------------------------------------------------
-- Executions, chats, queue
-- ---------------------------------------------------------------------------------------------------------

-- Conversations owned by one user in which workflow runs are started (the SSE document's chatId).
CREATE TABLE chats (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workflow_id     text        NULL REFERENCES workflows (id) ON DELETE SET NULL,
    title           text        NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chats_user_created_idx ON chats (user_id, created_at DESC, id);

-- Workflow runs (the SSE document's workflowRunId and the flow stream's job id).
CREATE TABLE executions (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id     text        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    -- Null for draft runs on the draft pool.
    deployment_id   text        NULL REFERENCES deployments (id) ON DELETE SET NULL,
    chat_id         uuid        NULL REFERENCES chats (id) ON DELETE SET NULL,
    user_id         text        NULL REFERENCES users (id) ON DELETE SET NULL,
    trigger_kind    text        NOT NULL CHECK (trigger_kind IN ('execute', 'api', 'webhook', 'http', 'queue', 'email',
                                                                 'event', 'schedule', 'chat')),
    -- The caller's free label (trigger_type / source of the API documents).
    trigger_source  text        NULL,
    environment     text        NULL CHECK (environment IN ('development', 'test', 'production')),
    status          text        NOT NULL DEFAULT 'queued'
                                CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'timed_out')),
    inputs          jsonb       NOT NULL DEFAULT '{}',
    outputs         jsonb       NULL,
    error           text        NULL,
    -- The execute endpoint's definition override, so a run can be inspected or retried as it ran.
    definition      jsonb       NULL,
    -- Last seq handed out in execution_events; bumped in the same transaction as each insert.
    last_event_seq  bigint      NOT NULL DEFAULT 0 CHECK (last_event_seq >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz NULL,
    finished_at     timestamptz NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((status IN ('completed', 'failed', 'cancelled', 'timed_out')) = (finished_at IS NOT NULL))
);
CREATE INDEX executions_workflow_started_idx ON executions (workflow_id, started_at DESC, id);
CREATE INDEX executions_org_created_idx ON executions (organization_id, created_at DESC, id);
CREATE INDEX executions_chat_created_idx ON executions (chat_id, created_at) WHERE chat_id IS NOT NULL;
CREATE INDEX executions_unfinished_idx ON executions (status, created_at) WHERE finished_at IS NULL;

-- Every run event in order, so SSE can replay a finished run and resume after Last-Event-ID (= seq).
CREATE TABLE execution_events (
    id           bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    execution_id uuid        NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    seq          bigint      NOT NULL CHECK (seq >= 1),
    event_type   text        NOT NULL CHECK (event_type IN ('run_started', 'step_started', 'step_progress',
                                                            'step_completed', 'step_failed', 'run_completed',
                                                            'run_failed')),
    payload      jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object'),
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (execution_id, seq)
);

-- Durable queue behind enqueue: a restart loses nothing; workers claim with FOR UPDATE SKIP LOCKED and
-- push visible_at forward as their lease.
CREATE TABLE queue_messages (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id     text        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    -- The run announced to the caller at enqueue time.
    execution_id    uuid        NULL UNIQUE REFERENCES executions (id) ON DELETE SET NULL,
    payload         jsonb       NOT NULL,
    priority        integer     NOT NULL DEFAULT 0,
    source          text        NOT NULL DEFAULT 'rest_api',
    status          text        NOT NULL DEFAULT 'queued'
                                CHECK (status IN ('queued', 'leased', 'completed', 'failed', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts    integer     NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
    visible_at      timestamptz NOT NULL DEFAULT now(),
    leased_by       text        NULL,
    last_error      text        NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz NULL
);
CREATE INDEX queue_messages_claim_idx ON queue_messages (status, priority DESC, visible_at);
CREATE INDEX queue_messages_workflow_created_idx ON queue_messages (workflow_id, created_at);
