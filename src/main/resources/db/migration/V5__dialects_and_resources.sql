-- Keyplane schema, version 5: key prefixes (a key minted by a seed dialect keeps that dialect's prefix)
-- and resources registered to a project (the seed dialects' snapshots, files, vaults and licenses).

ALTER TABLE api_keys ADD COLUMN prefix varchar(16);
UPDATE api_keys SET prefix = CASE kind WHEN 'admin' THEN 'sk-admin-' WHEN 'project' THEN 'sk-proj-' ELSE 'sk-svcacct-' END;
ALTER TABLE api_keys ALTER COLUMN prefix SET NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_prefix_kind CHECK (
    (prefix = 'sk-admin-' AND kind = 'admin') OR (prefix IN ('sk-proj-', 'mk_') AND kind = 'project')
    OR (prefix = 'sk-svcacct-' AND kind = 'service_account'));

CREATE TABLE resources (
    id               text COLLATE "C" PRIMARY KEY,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    project_id       text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind             varchar(16)   NOT NULL CHECK (kind IN ('snapshot', 'file', 'vault', 'license', 'license_group')),
    name             varchar(255)  NOT NULL,
    external_id      varchar(255),
    -- Kind-specific attributes, one column each: a vault's client-side encryption, a license's type.
    is_encrypted     boolean,
    license_type     varchar(16)   CHECK (license_type IN ('internal', 'manual')),
    created_at       timestamptz   NOT NULL,
    updated_at       timestamptz   NOT NULL,
    archived_at      timestamptz,
    created_by       text COLLATE "C",
    CHECK (is_encrypted IS NULL OR kind = 'vault'),
    CHECK ((license_type IS NOT NULL) = (kind = 'license'))
);
-- external_id is unique per project and kind when set (the caller's own id for the object).
CREATE UNIQUE INDEX resources_project_kind_external_id ON resources (project_id, kind, external_id)
    WHERE external_id IS NOT NULL;
CREATE INDEX resources_project_page ON resources (project_id, id);
-- The seed dialects' counts and lists: live resources of one kind in one project.
CREATE INDEX resources_project_live_kind ON resources (project_id, kind, id) WHERE archived_at IS NULL;
