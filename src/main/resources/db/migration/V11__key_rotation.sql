-- Keyplane schema, version 11: key rotation. A rolled key names its successor (rolled_to) and the successor
-- its predecessor (rolled_from); the old key keeps working until its expires_at, set to the grace period's end.
-- The keys_per_project quota counts live keys: revoking one frees its slot, and a roll passes the old key's
-- slot to its successor (the successor takes none; revoking the old key afterwards frees none).

ALTER TABLE api_keys ADD COLUMN rolled_from text COLLATE "C";
ALTER TABLE api_keys ADD COLUMN rolled_to text COLLATE "C";

-- TG_ARGV[3] = 'release': the trigger gives a slot back (an UPDATE that revokes), as a DELETE does.
CREATE OR REPLACE FUNCTION quota_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    quota_name  text := TG_ARGV[0];
    row_data    jsonb;
    org         text;
    scope       text;
    max_allowed integer;
    now_used    integer;
BEGIN
    IF TG_OP = 'DELETE' OR TG_ARGV[3] = 'release' THEN
        row_data := to_jsonb(OLD);
        scope := coalesce(row_data ->> TG_ARGV[2], row_data ->> 'organization_id');
        UPDATE quota_usage SET used = used - 1 WHERE scope_id = scope AND quota = quota_name AND used > 0;
        RETURN NULL;
    END IF;
    row_data := to_jsonb(NEW);
    org := row_data ->> 'organization_id';
    scope := coalesce(row_data ->> TG_ARGV[2], org);
    SELECT coalesce((SELECT o.max_count FROM organization_quotas o WHERE o.organization_id = org AND o.quota = quota_name),
                    (SELECT d.max_count FROM quota_defaults d WHERE d.quota = quota_name))
    INTO max_allowed;
    INSERT INTO quota_usage AS u (scope_id, quota, used) VALUES (scope, quota_name, 1)
    ON CONFLICT (scope_id, quota) DO UPDATE SET used = u.used + 1 WHERE u.used < max_allowed
    RETURNING u.used INTO now_used;
    IF now_used IS NULL OR now_used > max_allowed THEN
        RAISE EXCEPTION USING ERRCODE = 'KP001', DETAIL = quota_name,
            MESSAGE = format('Quota ''%s'' reached: %s %s holds the most %s it may (%s).', quota_name,
                             CASE WHEN scope = org THEN 'organization' ELSE 'project' END, scope, TG_ARGV[1], max_allowed);
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER api_keys_quota_insert ON api_keys;
DROP TRIGGER api_keys_quota_delete ON api_keys;
CREATE TRIGGER api_keys_quota_insert AFTER INSERT ON api_keys FOR EACH ROW
    WHEN (NEW.project_id IS NOT NULL AND NEW.revoked_at IS NULL AND NEW.rolled_from IS NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id');
CREATE TRIGGER api_keys_quota_revoke AFTER UPDATE OF revoked_at ON api_keys FOR EACH ROW
    WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL AND NEW.project_id IS NOT NULL AND NEW.rolled_to IS NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id', 'release');
CREATE TRIGGER api_keys_quota_delete AFTER DELETE ON api_keys FOR EACH ROW
    WHEN (OLD.project_id IS NOT NULL AND OLD.revoked_at IS NULL AND OLD.rolled_to IS NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id');

-- count live keys only, from now on
DELETE FROM quota_usage WHERE quota = 'keys_per_project';
INSERT INTO quota_usage (scope_id, quota, used)
SELECT project_id, 'keys_per_project', count(*) FROM api_keys WHERE project_id IS NOT NULL AND revoked_at IS NULL GROUP BY project_id;
