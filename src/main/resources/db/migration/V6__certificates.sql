-- Keyplane schema, version 6: client certificates, uploaded to an organization and activated for it
-- and/or for some of its projects.

CREATE TABLE certificates (
    id               text COLLATE "C" PRIMARY KEY,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name             varchar(255),
    -- SHA-256 of the leaf certificate's DER encoding, lower-case hex: what a gateway forwards as Hash=
    fingerprint      varchar(64)   NOT NULL,
    subject          varchar(1024) NOT NULL,
    -- the chain as parsed and re-encoded (certificates only: nothing else of the upload is kept)
    content          text          NOT NULL,
    valid_at         timestamptz   NOT NULL,
    expires_at       timestamptz   NOT NULL,
    created_at       timestamptz   NOT NULL,
    active           boolean       NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX certificates_organization_fingerprint ON certificates (organization_id, fingerprint);
CREATE INDEX certificates_organization_page ON certificates (organization_id, id);

CREATE TABLE project_certificates (
    project_id      text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    certificate_id  text COLLATE "C" NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
    activated_at    timestamptz NOT NULL,
    CONSTRAINT project_certificates_pkey PRIMARY KEY (project_id, certificate_id)
);
CREATE INDEX project_certificates_certificate ON project_certificates (certificate_id);
