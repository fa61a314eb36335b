-- Keyplane schema, version 3: per-project rate limits, one row per named resource ("model").

CREATE TABLE rate_limits (
    id                                text COLLATE "C" PRIMARY KEY,
    organization_id                   text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    project_id                        text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    model                             varchar(255) NOT NULL,
    max_requests_per_1_minute         integer NOT NULL CHECK (max_requests_per_1_minute >= 0),
    max_tokens_per_1_minute           integer NOT NULL CHECK (max_tokens_per_1_minute >= 0),
    max_images_per_1_minute           integer CHECK (max_images_per_1_minute >= 0),
    max_audio_megabytes_per_1_minute  integer CHECK (max_audio_megabytes_per_1_minute >= 0),
    max_requests_per_1_day            integer CHECK (max_requests_per_1_day >= 0),
    batch_1_day_max_input_tokens      integer CHECK (batch_1_day_max_input_tokens >= 0),
    created_at                        timestamptz NOT NULL,
    updated_at                        timestamptz NOT NULL
);
CREATE UNIQUE INDEX rate_limits_project_model ON rate_limits (project_id, model);
CREATE INDEX rate_limits_project_page ON rate_limits (project_id, id);
