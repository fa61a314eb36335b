-- Keyplane schema, version 1: organizations, users, projects, API keys, idempotency records.
-- Ids are prefixed, time-ordered strings; COLLATE "C" makes their byte order the sort order,
-- which keyset pagination ("id > :after order by id") relies on.

CREATE TABLE organizations (
    id          text COLLATE "C" PRIMARY KEY,
    name        varchar(255) NOT NULL,
    created_at  timestamptz  NOT NULL
);

CREATE TABLE users (
    id               text COLLATE "C" PRIMARY KEY,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email            varchar(320) NOT NULL,
    name             varchar(255),
    role             varchar(16)  NOT NULL CHECK (role IN ('owner', 'reader')),
    created_at       timestamptz  NOT NULL
);
CREATE UNIQUE INDEX users_organization_email ON users (organization_id, lower(email));
CREATE INDEX users_organization_page ON users (organization_id, id);

CREATE TABLE projects (
    id               text COLLATE "C" PRIMARY KEY,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name             varchar(255)  NOT NULL,
    description      varchar(1000),
    external_id      varchar(255),
    external_key_id  varchar(255),
    residency        varchar(64),
    environment      varchar(16)   NOT NULL CHECK (environment IN ('production', 'staging', 'development')),
    status           varchar(16)   NOT NULL CHECK (status IN ('active', 'archived')),
    created_at       timestamptz   NOT NULL,
    updated_at       timestamptz   NOT NULL,
    archived_at      timestamptz,
    created_by       text COLLATE "C"
);
-- external_id is the provisioning idempotency key: unique per organization when set.
CREATE UNIQUE INDEX projects_organization_external_id ON projects (organization_id, external_id)
    WHERE external_id IS NOT NULL;
CREATE INDEX projects_organization_page ON projects (organization_id, id);
CREATE INDEX projects_organization_active_page ON projects (organization_id, id) WHERE status = 'active';

CREATE TABLE api_keys (
    id               text COLLATE "C" PRIMARY KEY,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    project_id       text COLLATE "C" REFERENCES projects (id) ON DELETE CASCADE,
    kind             varchar(16)  NOT NULL CHECK (kind IN ('admin', 'project', 'service_account')),
    owner_type       varchar(16)  NOT NULL CHECK (owner_type IN ('user', 'service_account')),
    owner_id         text COLLATE "C" NOT NULL,
    name             varchar(255),
    role             varchar(16)  NOT NULL,
    lookup_id        text COLLATE "C" NOT NULL,
    secret_hash      text         NOT NULL,
    last_four        varchar(4)   NOT NULL,
    created_at       timestamptz  NOT NULL,
    expires_at       timestamptz,
    last_used_at     timestamptz,
    revoked_at       timestamptz,
    CHECK ((kind = 'admin') = (project_id IS NULL))
);
-- Authentication reads exactly one row by lookup id.
CREATE UNIQUE INDEX api_keys_lookup_id ON api_keys (lookup_id);
CREATE INDEX api_keys_organization_page ON api_keys (organization_id, kind, id) WHERE revoked_at IS NULL;
CREATE INDEX api_keys_project_page ON api_keys (project_id, id) WHERE revoked_at IS NULL;
CREATE INDEX api_keys_owner ON api_keys (owner_id);

-- Responses of creating POSTs, replayed for a repeated Idempotency-Key within 24 hours.
CREATE TABLE idempotency_records (
    organization_id  text COLLATE "C" NOT NULL,
    idempotency_key  varchar(255) NOT NULL,
    request_hash     varchar(64)  NOT NULL,
    response_status  integer      NOT NULL,
    response_body    text         NOT NULL,
    created_at       timestamptz  NOT NULL,
    CONSTRAINT idempotency_records_pkey PRIMARY KEY (organization_id, idempotency_key)
);
CREATE INDEX idempotency_records_created ON idempotency_records (created_at);
