-- Keyplane schema, version 12: verification usage, per key, resource, day and outcome. Counted in memory on
-- the data plane and added here in batches (never a write per request); deleting a project deletes its rows.

CREATE TABLE key_usage (
    api_key_id  text COLLATE "C" NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    project_id  text COLLATE "C" REFERENCES projects (id) ON DELETE CASCADE,
    resource    varchar(255) NOT NULL,
    day         date         NOT NULL,
    outcome     varchar(32)  NOT NULL,
    count       bigint       NOT NULL,
    CONSTRAINT key_usage_pkey PRIMARY KEY (api_key_id, day, resource, outcome)
);
CREATE INDEX key_usage_project_day ON key_usage (project_id, day) WHERE project_id IS NOT NULL;
