-- Keyplane schema, version 10: quotas. Limits on counts, enforced where rows are written, once for every
-- dialect: a trigger on each counted table keeps a counter per scope (an organization or a project) and
-- refuses the insert that would pass the limit. The counter row's lock serializes concurrent inserts of
-- one scope, so at limit - 1 exactly one of many concurrent creates succeeds.

-- The defaults; Keyplane writes its configured values (keyplane.quotas.*) here at start.
CREATE TABLE quota_defaults (
    quota      varchar(64) PRIMARY KEY,
    max_count  integer NOT NULL CHECK (max_count >= 0)
);
INSERT INTO quota_defaults (quota, max_count) VALUES
    ('projects', 1000), ('keys_per_project', 1000), ('members_per_project', 1000),
    ('service_accounts_per_project', 100), ('resources_per_project', 10000), ('webhooks', 20), ('certificates', 50);

-- Per-organization overrides, set by the operator.
CREATE TABLE organization_quotas (
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    quota            varchar(64) NOT NULL REFERENCES quota_defaults (quota),
    max_count        integer NOT NULL CHECK (max_count >= 0),
    CONSTRAINT organization_quotas_pkey PRIMARY KEY (organization_id, quota)
);

-- What each scope holds now.
CREATE TABLE quota_usage (
    scope_id  text COLLATE "C" NOT NULL,
    quota     varchar(64) NOT NULL,
    used      integer NOT NULL,
    CONSTRAINT quota_usage_pkey PRIMARY KEY (scope_id, quota)
);

-- TG_ARGV: the quota, what is counted (for the message), and the scope column (null falls back to the organization).
CREATE FUNCTION quota_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    quota_name  text := TG_ARGV[0];
    row_data    jsonb;
    org         text;
    scope       text;
    max_allowed integer;
    now_used    integer;
BEGIN
    IF TG_OP = 'DELETE' THEN
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

CREATE TRIGGER projects_quota AFTER INSERT OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION quota_count('projects', 'projects', 'organization_id');
CREATE TRIGGER api_keys_quota_insert AFTER INSERT ON api_keys FOR EACH ROW WHEN (NEW.project_id IS NOT NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id');
CREATE TRIGGER api_keys_quota_delete AFTER DELETE ON api_keys FOR EACH ROW WHEN (OLD.project_id IS NOT NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id');
CREATE TRIGGER project_users_quota AFTER INSERT OR DELETE ON project_users
    FOR EACH ROW EXECUTE FUNCTION quota_count('members_per_project', 'members', 'project_id');
CREATE TRIGGER service_accounts_quota AFTER INSERT OR DELETE ON service_accounts
    FOR EACH ROW EXECUTE FUNCTION quota_count('service_accounts_per_project', 'service accounts', 'project_id');
CREATE TRIGGER resources_quota AFTER INSERT OR DELETE ON resources
    FOR EACH ROW EXECUTE FUNCTION quota_count('resources_per_project', 'registered resources', 'project_id');
CREATE TRIGGER webhook_endpoints_quota AFTER INSERT OR DELETE ON webhook_endpoints
    FOR EACH ROW EXECUTE FUNCTION quota_count('webhooks', 'webhooks', 'project_id');
CREATE TRIGGER certificates_quota AFTER INSERT OR DELETE ON certificates
    FOR EACH ROW EXECUTE FUNCTION quota_count('certificates', 'certificates', 'organization_id');

-- A deleted project's counters go with it (its rows' own delete triggers found nothing left to count down).
CREATE FUNCTION quota_forget_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM quota_usage WHERE scope_id = OLD.id;
    RETURN NULL;
END $$;
CREATE TRIGGER projects_quota_forget AFTER DELETE ON projects FOR EACH ROW EXECUTE FUNCTION quota_forget_project();

-- What exists already.
INSERT INTO quota_usage (scope_id, quota, used)
SELECT organization_id, 'projects', count(*) FROM projects GROUP BY organization_id
UNION ALL SELECT project_id, 'keys_per_project', count(*) FROM api_keys WHERE project_id IS NOT NULL GROUP BY project_id
UNION ALL SELECT project_id, 'members_per_project', count(*) FROM project_users GROUP BY project_id
UNION ALL SELECT project_id, 'service_accounts_per_project', count(*) FROM service_accounts GROUP BY project_id
UNION ALL SELECT project_id, 'resources_per_project', count(*) FROM resources GROUP BY project_id
UNION ALL SELECT coalesce(project_id, organization_id), 'webhooks', count(*) FROM webhook_endpoints GROUP BY 1
UNION ALL SELECT organization_id, 'certificates', count(*) FROM certificates GROUP BY organization_id;
