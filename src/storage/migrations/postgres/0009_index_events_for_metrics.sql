-- The fields /internal/metrics aggregates on become columns of the events log (upstream keeps
-- user_id and team_id as ClickHouse columns too): reading them out of the JSON text of every
-- row would make a 30-day DAU query parse millions of documents. The events writer fills
-- them from the event's data; existing rows are backfilled from theirs. Same columns and
-- indexes as sqlite/0009; only the JSON extraction in the backfill differs.
ALTER TABLE events ADD COLUMN user_id TEXT;
ALTER TABLE events ADD COLUMN team_id TEXT;
ALTER TABLE events ADD COLUMN is_anonymous INTEGER;
ALTER TABLE events ADD COLUMN country_code TEXT;
ALTER TABLE events ADD COLUMN region_code TEXT;

UPDATE events SET
    user_id = data::jsonb ->> 'userId',
    team_id = data::jsonb ->> 'teamId',
    is_anonymous = CASE data::jsonb -> 'isAnonymous' WHEN 'true'::jsonb THEN 1 WHEN 'false'::jsonb THEN 0 END,
    country_code = data::jsonb -> 'ipInfo' ->> 'countryCode',
    region_code = data::jsonb -> 'ipInfo' ->> 'regionCode';

-- Both event indexes cover every column the metrics read, so their scans never touch the
-- rows (whose JSON data is most of the table): the window scans go by time, the per-user
-- ones (latest country, latest anonymity) by user. The first replaces 0001's
-- events_by_tenancy, which is a prefix of it.
DROP INDEX events_by_tenancy;
CREATE INDEX events_by_tenancy ON events (tenancy_id, event_type, created_at, user_id, is_anonymous, country_code, region_code);
CREATE INDEX events_by_user ON events (tenancy_id, event_type, user_id, created_at, is_anonymous, country_code);
-- Team activity: only the (so far no) events that name a team, so the team split does not
-- walk every event of the tenancy.
CREATE INDEX events_by_team ON events (tenancy_id, event_type, team_id, created_at) WHERE team_id IS NOT NULL;

-- Recent and per-day email counts of one tenancy use 0005's outbox_by_tenancy_created.
