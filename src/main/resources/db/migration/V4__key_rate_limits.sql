-- Keyplane schema, version 4: per-key rate-limit overrides. A row with api_key_id is that key's own
-- limit for a resource and takes precedence over the project's rows (which have api_key_id NULL).

ALTER TABLE rate_limits ADD COLUMN api_key_id text COLLATE "C" REFERENCES api_keys (id) ON DELETE CASCADE;

DROP INDEX rate_limits_project_model;
CREATE UNIQUE INDEX rate_limits_project_model ON rate_limits (project_id, model) WHERE api_key_id IS NULL;
CREATE UNIQUE INDEX rate_limits_key_model ON rate_limits (api_key_id, model) WHERE api_key_id IS NOT NULL;
CREATE INDEX rate_limits_key_page ON rate_limits (api_key_id, id) WHERE api_key_id IS NOT NULL;
