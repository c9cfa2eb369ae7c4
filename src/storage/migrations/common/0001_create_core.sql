-- Projects, tenancies, config overrides, project API keys, the outbox and the events log.
-- Times are epoch milliseconds, booleans 0/1, JSON documents text.

CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    is_production_mode INTEGER NOT NULL DEFAULT 0,
    owner_team_id TEXT,
    onboarding_status TEXT NOT NULL DEFAULT 'completed',
    logo_url TEXT,
    logo_full_url TEXT,
    logo_dark_mode_url TEXT,
    logo_full_dark_mode_url TEXT,
    config_override TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE tenancies (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    branch_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (project_id, branch_id)
);

CREATE TABLE branch_config_overrides (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    branch_id TEXT NOT NULL,
    config TEXT NOT NULL DEFAULT '{}',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, branch_id)
);

CREATE TABLE environment_config_overrides (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    branch_id TEXT NOT NULL,
    config TEXT NOT NULL DEFAULT '{}',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, branch_id)
);

-- Keys are stored as SHA-256 hex; only their last four characters are kept in clear
-- for the dashboard's listing.
CREATE TABLE api_key_sets (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    description TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    manually_revoked_at BIGINT,
    publishable_client_key_hash TEXT UNIQUE,
    publishable_client_key_last_four TEXT,
    secret_server_key_hash TEXT UNIQUE,
    secret_server_key_last_four TEXT,
    super_secret_admin_key_hash TEXT UNIQUE,
    super_secret_admin_key_last_four TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, id)
);

-- Durable queue of emails and webhook deliveries, written in the same transaction as
-- the change that causes them; workers claim rows by taking a lease.
CREATE TABLE outbox (
    tenancy_id TEXT NOT NULL REFERENCES tenancies(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, id)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Append-only activity log ($token-refresh, ...), filled by the batching events writer.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    tenancy_id TEXT,
    event_type TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX events_by_tenancy ON events (tenancy_id, event_type, created_at);
