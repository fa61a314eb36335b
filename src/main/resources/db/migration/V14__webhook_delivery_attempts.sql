-- Keyplane schema, version 14: every attempt of a webhook delivery. webhook_deliveries keeps the last attempt
-- beside the delivery's state; this table keeps each one (a 500 followed by a 200 shows both), written by the
-- dispatcher in the statement that records the attempt's result. Bounded twice: at most
-- keyplane.webhooks.attempts-per-delivery per delivery (the oldest go as new ones come), and none older than
-- keyplane.webhooks.attempt-retention (purged hourly by their time-ordered ids).

CREATE TABLE webhook_delivery_attempts (
    -- whatt_…, time-ordered: the list's order and the retention purge's range
    id             text COLLATE "C" PRIMARY KEY,
    endpoint_id    text COLLATE "C" NOT NULL,
    event_id       text COLLATE "C" NOT NULL,
    -- the delivery's attempt number (webhook_deliveries.attempts when it was made)
    attempt        integer       NOT NULL,
    attempted_at   timestamptz   NOT NULL,
    -- null when no response came (refused, unreachable, timed out)
    response_code  integer,
    latency_ms     integer       NOT NULL,
    -- the first 1 KiB of the response body
    response_body  varchar(1024),
    error          varchar(512),
    CONSTRAINT webhook_delivery_attempts_delivery FOREIGN KEY (endpoint_id, event_id)
        REFERENCES webhook_deliveries (endpoint_id, event_id) ON DELETE CASCADE
);
-- one delivery's attempts in order (the list), and those past the per-delivery bound (trimmed on insert)
CREATE INDEX webhook_delivery_attempts_delivery ON webhook_delivery_attempts (endpoint_id, event_id, id);
