-- Schedule triggers of deployed batch workflows: when each schedule-trigger node fires next. The control plane's
-- scheduler syncs a row per (deployment, node) from the deployment's definition, claims due rows with
-- FOR UPDATE SKIP LOCKED and moves next_fire_at past now in the same transaction as the run it records, so with
-- several control planes every fire happens exactly once. Fires that come due while the deployment is not ready
-- (stopped) or the workflow is not active are skipped, not caught up.
CREATE TABLE schedule_triggers (
    deployment_id     text        NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    node_id           text        NOT NULL,
    organization_id   text        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workflow_id       text        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    -- Five-field cron expression and the IANA zone it is read in (the node's config).
    cron              text        NOT NULL,
    timezone          text        NOT NULL,
    next_fire_at      timestamptz NOT NULL,
    last_fired_at     timestamptz NULL,
    last_execution_id uuid        NULL REFERENCES executions (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (deployment_id, node_id)
);
CREATE INDEX schedule_triggers_due_idx ON schedule_triggers (next_fire_at);
