-- Keyplane schema, version 15: audit_logs partitioned by time, a month per partition, so that retention drops
-- whole partitions instead of deleting rows one by one (and vacuuming after them). The partition key is the id:
-- ids are time-ordered (common/Ids: a millisecond timestamp, then random bits), so a range of ids is a range of
-- time, and the primary key, the organization's page index (organization_id, id) and webhook_deliveries' foreign key
-- all stay as they were. A DEFAULT partition takes any row no monthly partition covers yet, so a write never fails
-- for want of a partition; the application keeps partitions created months ahead (audit/AuditPartitions).

-- The smallest id `prefix` can mint at `at` (the same as Ids.floor): 10 base32 digits of the millisecond
-- timestamp, then the 80 random bits at zero.
CREATE FUNCTION keyplane_id_floor(prefix text, at timestamptz) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    millis bigint := floor(extract(epoch FROM at) * 1000);
    digits text := '';
BEGIN
    FOR i IN 1..10 LOOP
        digits := substr('0123456789abcdefghjkmnpqrstvwxyz', (millis % 32)::int + 1, 1) || digits;
        millis := millis / 32;
    END LOOP;
    RETURN prefix || digits || repeat('0', 16);
END $$;

-- Creates the monthly partitions from the month of `since` through the month of `through` that do not exist yet;
-- returns how many it created. Safe to call from every replica at once (an advisory lock serialises them).
CREATE FUNCTION audit_logs_add_partitions(since timestamptz, through timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    -- months are UTC calendar months, whatever the session's time zone: `month` is a UTC wall-clock timestamp
    month timestamp := date_trunc('month', since AT TIME ZONE 'UTC');
    name text;
    lower_bound text;
    upper_bound text;
    created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('audit_logs partitions'));
    WHILE (month AT TIME ZONE 'UTC') <= through LOOP
        name := 'audit_logs_' || to_char(month, '"y"YYYY"m"MM');
        IF to_regclass(name) IS NULL THEN
            lower_bound := keyplane_id_floor('audit_', month AT TIME ZONE 'UTC');
            upper_bound := keyplane_id_floor('audit_', (month + interval '1 month') AT TIME ZONE 'UTC');
            -- a partition cannot be created over rows the default partition holds in its range (they would have to
            -- move, cascading to their webhook deliveries): such a month stays in the default partition
            IF EXISTS (SELECT 1 FROM audit_logs_overflow WHERE id >= lower_bound AND id < upper_bound) THEN
                RAISE NOTICE 'audit_logs_overflow holds rows of %: no partition for that month', name;
            ELSE
                EXECUTE format('CREATE TABLE %I PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)', name, lower_bound, upper_bound);
                created := created + 1;
            END IF;
        END IF;
        month := month + interval '1 month';
    END LOOP;
    RETURN created;
END $$;

-- Drops the monthly partitions wholly older than `before` (their deliveries first: webhook_deliveries refers to
-- audit rows); returns how many it dropped. Rows older than `before` in the partition it falls in stay for the
-- batched purge (db/Retention).
CREATE FUNCTION audit_logs_drop_partitions(before timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('audit_logs partitions'));
    FOR part IN SELECT c.relname, make_timestamp(substr(c.relname, 13, 4)::int, substr(c.relname, 18, 2)::int, 1, 0, 0, 0) AS month
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'audit_logs'::regclass AND c.relname ~ '^audit_logs_y[0-9]{4}m[0-9]{2}$'
                ORDER BY c.relname LOOP
        EXIT WHEN ((part.month + interval '1 month') AT TIME ZONE 'UTC') > before;
        DELETE FROM webhook_deliveries WHERE event_id >= keyplane_id_floor('audit_', part.month AT TIME ZONE 'UTC')
                                         AND event_id < keyplane_id_floor('audit_', (part.month + interval '1 month') AT TIME ZONE 'UTC');
        EXECUTE format('ALTER TABLE audit_logs DETACH PARTITION %I', part.relname);
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END $$;

-- The partitioned table takes the old one's place: same columns, keys, index, trigger and foreign key.
ALTER TABLE audit_logs RENAME TO audit_logs_unpartitioned;
ALTER TABLE audit_logs_unpartitioned RENAME CONSTRAINT audit_logs_pkey TO audit_logs_unpartitioned_pkey;
ALTER INDEX audit_logs_organization_page RENAME TO audit_logs_unpartitioned_organization_page;
DROP TRIGGER audit_logs_webhook_outbox ON audit_logs_unpartitioned;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_event_id_fkey;

CREATE TABLE audit_logs (
    id               text COLLATE "C" NOT NULL,
    organization_id  text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    type             varchar(64)   NOT NULL,
    effective_at     timestamptz   NOT NULL,
    project_id       text COLLATE "C",
    project_name     varchar(255),
    actor_key_id     text COLLATE "C",
    actor_type       varchar(16)   NOT NULL CHECK (actor_type IN ('user', 'service_account', 'system')),
    actor_id         text COLLATE "C",
    actor_email      varchar(320),
    resource_id      text COLLATE "C",
    -- the event's details, as JSON: {"id", "data"} for a creation, {"id", "changes_requested"} for a change
    details          text          NOT NULL,
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id)
) PARTITION BY RANGE (id);
CREATE INDEX audit_logs_organization_page ON audit_logs (organization_id, id);
CREATE TABLE audit_logs_overflow PARTITION OF audit_logs DEFAULT;

-- partitions from the month before the oldest row's (ids and effective_at are minted together) to three months
-- ahead, then the rows
SELECT audit_logs_add_partitions(coalesce((SELECT min(effective_at) FROM audit_logs_unpartitioned), now()) - interval '1 month',
                                 now() + interval '3 months');
INSERT INTO audit_logs SELECT * FROM audit_logs_unpartitioned;
DROP TABLE audit_logs_unpartitioned;

ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_event_id_fkey
    FOREIGN KEY (event_id) REFERENCES audit_logs (id) ON DELETE CASCADE;
CREATE TRIGGER audit_logs_webhook_outbox AFTER INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION webhook_outbox();
