-- Keyplane schema, version 7: the audit log. Append-only: rows are written in the transaction of the
-- change they describe and never updated; a retention job deletes old ones. No foreign key to projects
-- or users: the log outlives what it talks about.

CREATE TABLE audit_logs (
    id               text COLLATE "C" PRIMARY KEY,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    type             varchar(64)   NOT NULL,
    effective_at     timestamptz   NOT NULL,
    project_id       text COLLATE "C",
    project_name     varchar(255),
    actor_key_id     text COLLATE "C",
    actor_type       varchar(16)   NOT NULL CHECK (actor_type IN ('user', 'service_account', 'system')),
    actor_id         text COLLATE "C",
    actor_email      varchar(320),
    resource_id      text COLLATE "C",
    -- the event's details, as JSON: {"id", "data"} for a creation, {"id", "changes_requested"} for a change
    details          text          NOT NULL
);
-- Ids are time-ordered, so (organization_id, id) serves pages, time ranges within an organization and,
-- through the primary key, the retention purge: every index is paid on the write path of every change.
CREATE INDEX audit_logs_organization_page ON audit_logs (organization_id, id);
