-- Keyplane schema, version 8: a project may require its keys to come with one of its (or its
-- organization's) active client certificates, forwarded by the gateway.
ALTER TABLE projects ADD COLUMN require_client_certificate boolean NOT NULL DEFAULT false;
