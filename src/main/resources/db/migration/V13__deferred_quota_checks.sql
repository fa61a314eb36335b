-- Keyplane schema, version 13: quota counters are taken at commit. The counter row of a scope is the one
-- thing every create of that scope locks; counted at the end of the transaction (deferred constraint
-- triggers), the lock is held for the commit alone, not across the rest of the transaction's work and
-- round trips. The check is as exact as before: commits of one scope still pass the counter one by one.

DROP TRIGGER projects_quota ON projects;
DROP TRIGGER api_keys_quota_insert ON api_keys;
DROP TRIGGER api_keys_quota_revoke ON api_keys;
DROP TRIGGER api_keys_quota_delete ON api_keys;
DROP TRIGGER project_users_quota ON project_users;
DROP TRIGGER service_accounts_quota ON service_accounts;
DROP TRIGGER resources_quota ON resources;
DROP TRIGGER webhook_endpoints_quota ON webhook_endpoints;
DROP TRIGGER certificates_quota ON certificates;

CREATE CONSTRAINT TRIGGER projects_quota AFTER INSERT OR DELETE ON projects DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('projects', 'projects', 'organization_id');
CREATE CONSTRAINT TRIGGER api_keys_quota_insert AFTER INSERT ON api_keys DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.project_id IS NOT NULL AND NEW.revoked_at IS NULL AND NEW.rolled_from IS NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id');
CREATE CONSTRAINT TRIGGER api_keys_quota_revoke AFTER UPDATE OF revoked_at ON api_keys DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL AND NEW.project_id IS NOT NULL AND NEW.rolled_to IS NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id', 'release');
CREATE CONSTRAINT TRIGGER api_keys_quota_delete AFTER DELETE ON api_keys DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.project_id IS NOT NULL AND OLD.revoked_at IS NULL AND OLD.rolled_to IS NULL)
    EXECUTE FUNCTION quota_count('keys_per_project', 'API keys', 'project_id');
CREATE CONSTRAINT TRIGGER project_users_quota AFTER INSERT OR DELETE ON project_users DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('members_per_project', 'members', 'project_id');
CREATE CONSTRAINT TRIGGER service_accounts_quota AFTER INSERT OR DELETE ON service_accounts DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('service_accounts_per_project', 'service accounts', 'project_id');
CREATE CONSTRAINT TRIGGER resources_quota AFTER INSERT OR DELETE ON resources DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('resources_per_project', 'registered resources', 'project_id');
CREATE CONSTRAINT TRIGGER webhook_endpoints_quota AFTER INSERT OR DELETE ON webhook_endpoints DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('webhooks', 'webhooks', 'project_id');
CREATE CONSTRAINT TRIGGER certificates_quota AFTER INSERT OR DELETE ON certificates DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION quota_count('certificates', 'certificates', 'organization_id');
