-- Keyplane schema, repeatable: THE definition of the quota functions and triggers. V10__quotas.sql made the
-- tables; V10, V11 and V13 each (re)defined the function and triggers as they stood then, and are kept only
-- because existing databases hold their checksums. What runs is this file: Flyway re-applies it, after every
-- versioned migration, whenever its checksum changes, so a change to quotas is an edit here and nowhere else.
--
-- A counted insert takes a slot from its scope's counter (quota_usage), a delete (or, for keys, a revoke) gives
-- it back. The counter row's lock serializes the creates of one scope, so at limit - 1 exactly one of many
-- concurrent creates succeeds; the triggers are deferred (V13), so the lock is held for the commit alone.
--
-- A refusal carries its structure, never to be read back from the message text:
--   SQLSTATE  one per quota, class KP1 (quota_sqlstate below; the Java side: dev.keyplane.common.QuotaKind);
--             Hibernate Reactive keeps the SQLSTATE of a failed statement but not the rest, so it alone must
--             tell which quota refused;
--   DETAIL    JSON {"quota", "scope" ('organization' or 'project'), "scope_id", "limit"}, for clients that keep
--             the server's fields (the raw reactive client's PgException, and Hibernate's commit);
--   TABLE     the counted table.
-- The MESSAGE is for people reading logs and psql; Keyplane composes its own from the fields above.

-- The SQLSTATE of each quota's refusal. Keep in step with QuotaKind (dev.keyplane.common).
CREATE OR REPLACE FUNCTION quota_sqlstate(quota text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE quota
        WHEN 'projects'                     THEN 'KP101'
        WHEN 'keys_per_project'             THEN 'KP102'
        WHEN 'members_per_project'          THEN 'KP103'
        WHEN 'service_accounts_per_project' THEN 'KP104'
        WHEN 'resources_per_project'        THEN 'KP105'
        WHEN 'webhooks'                     THEN 'KP106'
        WHEN 'certificates'                 THEN 'KP107'
        ELSE 'KP100' -- a quota without its own code: Keyplane reads its name from DETAIL
    END $$;

-- TG_ARGV: the quota, what is counted (for the message), the scope column ('organization_id' or 'project_id',
-- whose null falls back to the organization), and optionally 'release': the trigger gives a slot back (an UPDATE
-- that revokes), as a DELETE does. The row's columns are read directly, never through to_jsonb(NEW) (a third of
-- the function's time on the create path): PL/pgSQL plans each statement for the table it first runs on, so a
-- branch naming project_id is only ever planned for tables that have it.
CREATE OR REPLACE FUNCTION quota_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    quota_name  text := TG_ARGV[0];
    org         text;
    scope       text;
    scope_kind  text;
    max_allowed integer;
    now_used    integer;
BEGIN
    IF TG_OP = 'DELETE' OR TG_ARGV[3] = 'release' THEN
        IF TG_ARGV[2] = 'project_id' THEN
            scope := coalesce(OLD.project_id, OLD.organization_id);
        ELSE
            scope := OLD.organization_id;
        END IF;
        UPDATE quota_usage SET used = used - 1 WHERE scope_id = scope AND quota = quota_name AND used > 0;
        RETURN NULL;
    END IF;
    org := NEW.organization_id;
    IF TG_ARGV[2] = 'project_id' THEN
        scope := coalesce(NEW.project_id, org);
    ELSE
        scope := org;
    END IF;
    SELECT coalesce((SELECT o.max_count FROM organization_quotas o WHERE o.organization_id = org AND o.quota = quota_name),
                    (SELECT d.max_count FROM quota_defaults d WHERE d.quota = quota_name))
    INTO max_allowed;
    INSERT INTO quota_usage AS u (scope_id, quota, used) VALUES (scope, quota_name, 1)
    ON CONFLICT (scope_id, quota) DO UPDATE SET used = u.used + 1 WHERE u.used < max_allowed
    RETURNING u.used INTO now_used;
    IF now_used IS NULL OR now_used > max_allowed THEN
        scope_kind := CASE WHEN scope = org THEN 'organization' ELSE 'project' END;
        RAISE EXCEPTION USING ERRCODE = quota_sqlstate(quota_name), TABLE = TG_TABLE_NAME,
            DETAIL = jsonb_build_object('quota', quota_name, 'scope', scope_kind, 'scope_id', scope, 'limit', max_allowed)::text,
            MESSAGE = format('Quota ''%s'' reached: %s %s holds the most %s it may (%s).',
                             quota_name, scope_kind, scope, TG_ARGV[1], max_allowed);
    END IF;
    RETURN NULL;
END $$;

-- A deleted project's counters go with it (its rows' own delete triggers find nothing left to count down).
CREATE OR REPLACE FUNCTION quota_forget_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM quota_usage WHERE scope_id = OLD.id;
    RETURN NULL;
END $$;

-- The triggers. Constraint triggers have no CREATE OR REPLACE: each is dropped and made again, in this
-- transaction. Deferred to the commit (V13); keys count while live (V11): a revoke frees a slot, a roll passes
-- the old key's slot to its successor (which takes none; revoking the old key afterwards frees none).
DROP TRIGGER IF EXISTS projects_quota ON projects;
CREATE CONSTRAINT TRIGGER projects_quota AFTER INSERT OR DELETE ON projects DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('projects', 'projects', 'organization_id');

DROP TRIGGER IF EXISTS projects_quota_forget ON projects;
CREATE TRIGGER projects_quota_forget AFTER DELETE ON projects FOR EACH ROW EXECUTE FUNCTION quota_forget_project();

DROP TRIGGER IF EXISTS api_keys_quota_insert ON api_keys;
CREATE CONSTRAINT TRIGGER api_keys_quota_insert AFTER INSERT ON api_keys DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.project_id IS NOT NULL AND NEW.revoked_at IS NULL AND NEW.rolled_from IS NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id');

DROP TRIGGER IF EXISTS api_keys_quota_revoke ON api_keys;
CREATE CONSTRAINT TRIGGER api_keys_quota_revoke AFTER UPDATE OF revoked_at ON api_keys DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL AND NEW.project_id IS NOT NULL AND NEW.rolled_to IS NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id', 'release');

DROP TRIGGER IF EXISTS api_keys_quota_delete ON api_keys;
CREATE CONSTRAINT TRIGGER api_keys_quota_delete AFTER DELETE ON api_keys DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.project_id IS NOT NULL AND OLD.revoked_at IS NULL AND OLD.rolled_to IS NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id');

DROP TRIGGER IF EXISTS project_users_quota ON project_users;
CREATE CONSTRAINT TRIGGER project_users_quota AFTER INSERT OR DELETE ON project_users DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('members_per_project', 'members', 'project_id');

DROP TRIGGER IF EXISTS service_accounts_quota ON service_accounts;
CREATE CONSTRAINT TRIGGER service_accounts_quota AFTER INSERT OR DELETE ON service_accounts DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('service_accounts_per_project', 'service accounts', 'project_id');

DROP TRIGGER IF EXISTS resources_quota ON resources;
CREATE CONSTRAINT TRIGGER resources_quota AFTER INSERT OR DELETE ON resources DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('resources_per_project', 'registered resources', 'project_id');

DROP TRIGGER IF EXISTS webhook_endpoints_quota ON webhook_endpoints;
CREATE CONSTRAINT TRIGGER webhook_endpoints_quota AFTER INSERT OR DELETE ON webhook_endpoints DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('webhooks', 'webhooks', 'project_id');

DROP TRIGGER IF EXISTS certificates_quota ON certificates;
CREATE CONSTRAINT TRIGGER certificates_quota AFTER INSERT OR DELETE ON certificates DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('certificates', 'certificates', 'organization_id');
