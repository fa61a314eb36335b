-- Keyplane schema, version 2: project members, service accounts, invites, groups and roles.

ALTER TABLE users ADD COLUMN updated_at timestamptz;
UPDATE users SET updated_at = created_at;
ALTER TABLE users ALTER COLUMN updated_at SET NOT NULL;

CREATE TABLE project_users (
    project_id       text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id          text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id  text COLLATE "C" NOT NULL,
    role             varchar(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    added_at         timestamptz NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_users_user ON project_users (user_id);

CREATE TABLE service_accounts (
    id               text COLLATE "C" PRIMARY KEY,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    project_id       text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name             varchar(255) NOT NULL,
    role             varchar(16)  NOT NULL CHECK (role IN ('owner', 'member', 'none')),
    created_at       timestamptz  NOT NULL
);
CREATE INDEX service_accounts_project_page ON service_accounts (project_id, id);

CREATE TABLE invites (
    id               text COLLATE "C" PRIMARY KEY,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email            varchar(320) NOT NULL,
    role             varchar(16)  NOT NULL CHECK (role IN ('owner', 'reader')),
    created_at       timestamptz  NOT NULL,
    expires_at       timestamptz  NOT NULL,
    accepted_at      timestamptz,
    accepted_user_id text COLLATE "C"
);
CREATE INDEX invites_organization_page ON invites (organization_id, id);
-- At most one open (unaccepted) invite per address and organization.
CREATE UNIQUE INDEX invites_open_email ON invites (organization_id, lower(email)) WHERE accepted_at IS NULL;

CREATE TABLE invite_projects (
    invite_id   text COLLATE "C" NOT NULL REFERENCES invites (id) ON DELETE CASCADE,
    project_id  text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role        varchar(16) NOT NULL CHECK (role IN ('owner', 'member')),
    PRIMARY KEY (invite_id, project_id)
);

CREATE TABLE groups (
    id               text COLLATE "C" PRIMARY KEY,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name             varchar(255) NOT NULL,
    created_at       timestamptz  NOT NULL
);
CREATE INDEX groups_organization_page ON groups (organization_id, id);
CREATE UNIQUE INDEX groups_organization_name ON groups (organization_id, lower(name));

CREATE TABLE group_users (
    group_id   text COLLATE "C" NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id    text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at   timestamptz NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_users_user ON group_users (user_id);

-- Custom roles only: the predefined roles are the same in every organization and live in code.
CREATE TABLE roles (
    id               text COLLATE "C" PRIMARY KEY,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name             varchar(255) NOT NULL,
    description      varchar(1000),
    permissions      text[]       NOT NULL,
    resource_type    varchar(32)  NOT NULL CHECK (resource_type IN ('api.organization', 'api.project')),
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL,
    created_by       text COLLATE "C"
);
CREATE INDEX roles_organization_page ON roles (organization_id, id);
CREATE UNIQUE INDEX roles_organization_name ON roles (organization_id, resource_type, lower(name));

CREATE TABLE user_roles (
    user_id     text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id     text COLLATE "C" NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, role_id)
);

CREATE TABLE group_roles (
    group_id    text COLLATE "C" NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    role_id     text COLLATE "C" NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (group_id, role_id)
);

CREATE TABLE project_groups (
    project_id  text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    group_id    text COLLATE "C" NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    role        varchar(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (project_id, group_id)
);
CREATE INDEX project_groups_group ON project_groups (group_id);

-- Project keys of a member who left stay listed as owner_project_access = inactive.
CREATE INDEX api_keys_owner_project ON api_keys (owner_id, project_id);

-- Metadata the reference lets clients set on users.
ALTER TABLE users ADD COLUMN technical_level varchar(64);
ALTER TABLE users ADD COLUMN developer_persona varchar(64);

-- Scopes a key was minted with (service-account keys); reported by the verifier.
ALTER TABLE api_keys ADD COLUMN scopes text[];

-- Only admin keys carry a role of their own; project keys take their owner's project role.
ALTER TABLE api_keys ALTER COLUMN role DROP NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_admin_role CHECK (kind <> 'admin' OR role IS NOT NULL);
