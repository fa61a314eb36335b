-- Keyplane schema, version 9: webhooks. An endpoint receives the audit events of its organization (or of one
-- project) whose type it asked for; each (endpoint, event) pair is one delivery row, written by a trigger in
-- the very transaction that writes the audit row: the outbox. Dispatchers on every replica claim due rows.

CREATE TABLE webhook_endpoints (
    id                    text COLLATE "C" PRIMARY KEY,
    organization_id       text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- null: every event of the organization (its projects' too); set: that project's events only
    project_id            text COLLATE "C" REFERENCES projects (id) ON DELETE CASCADE,
    url                   varchar(2048) NOT NULL,
    description           varchar(1000),
    -- audit event types, or '*'
    event_types           text[]        NOT NULL,
    enabled               boolean       NOT NULL,
    disabled_reason       varchar(32),
    -- the Standard Webhooks signing secret, whsec_<base64>; HMAC needs it in clear
    secret                text          NOT NULL,
    consecutive_failures  integer       NOT NULL DEFAULT 0,
    failing_since         timestamptz,
    created_at            timestamptz   NOT NULL,
    updated_at            timestamptz   NOT NULL,
    created_by            text COLLATE "C"
);
CREATE INDEX webhook_endpoints_organization ON webhook_endpoints (organization_id, id);
CREATE INDEX webhook_endpoints_project ON webhook_endpoints (project_id, id) WHERE project_id IS NOT NULL;

CREATE TABLE webhook_deliveries (
    endpoint_id      text COLLATE "C" NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    -- the audit event delivered: its id is the delivery's id and the webhook-id header
    event_id         text COLLATE "C" NOT NULL REFERENCES audit_logs (id) ON DELETE CASCADE,
    event_type       varchar(64)   NOT NULL,
    status           varchar(16)   NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    -- attempts made so far; with leased_by, fences a replica whose claim has expired
    attempts         integer       NOT NULL DEFAULT 0,
    -- when a pending row is due; while claimed, when the claim expires (a crashed replica's work comes back)
    next_attempt_at  timestamptz,
    leased_by        text,
    -- retries stop this long after it (the event's time, or a manual retry's)
    window_start     timestamptz   NOT NULL,
    response_code    integer,
    latency_ms       integer,
    response_body    varchar(1024),
    error            varchar(512),
    created_at       timestamptz   NOT NULL,
    delivered_at     timestamptz,
    CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);

-- The outbox: every audit row fans out to the enabled endpoints that want it, in the writer's transaction.
-- A test event (webhook.tested) goes to the endpoint tested only, whatever types it subscribed to.
CREATE FUNCTION webhook_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, status, next_attempt_at, window_start, created_at)
    SELECT e.id, NEW.id, NEW.type, 'pending', NEW.effective_at, NEW.effective_at, NEW.effective_at
    FROM webhook_endpoints e
    WHERE e.organization_id = NEW.organization_id AND e.enabled
      AND (e.project_id IS NULL OR e.project_id = NEW.project_id)
      AND CASE WHEN NEW.type = 'webhook.tested' THEN e.id = NEW.resource_id
               ELSE NEW.type = ANY (e.event_types) OR '*' = ANY (e.event_types) END;
    RETURN NULL;
END $$;
CREATE TRIGGER audit_logs_webhook_outbox AFTER INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION webhook_outbox();
