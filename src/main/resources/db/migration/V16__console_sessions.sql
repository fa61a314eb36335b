-- Keyplane schema, version 16: the web console's sessions. A key presented once at sign-in is exchanged for a
-- session: the browser holds a random token in an HttpOnly cookie, the database only its SHA-256 digest, so a
-- copy of this table opens no session. Each request re-reads the signed-in key by id: a revoked, expired or
-- disabled key ends its sessions on the next request. Rows past their idle or absolute timeout are purged hourly.

CREATE TABLE console_sessions (
    -- SHA-256 of the cookie's token, hex
    id_hash          text COLLATE "C" PRIMARY KEY,
    api_key_id       text COLLATE "C" NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    -- the token every state-changing form must carry (CSRF)
    csrf_token       text          NOT NULL,
    created_at       timestamptz   NOT NULL,
    last_seen_at     timestamptz   NOT NULL,
    -- the absolute timeout: no request extends it
    expires_at       timestamptz   NOT NULL,
    -- a newly minted key's secret, shown once on the next page: AES-GCM under a key derived from the cookie's token,
    -- which only the browser holds; cleared by the read that shows it
    reveal           bytea
);
CREATE INDEX console_sessions_key ON console_sessions (api_key_id);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
