-- CLI login attempts (auth.md §3.7). The polling and login codes are bearer secrets looked up
-- by value, so only their SHA-256 is stored. The refresh tokens must be handed back verbatim
-- (poll returns the browser's, claim-anon-session the CLI's anonymous one), so they are kept
-- as given, as upstream does; a row holds them only until the attempt is consumed or expires.
CREATE TABLE cli_auth_attempts (
    tenancy_id TEXT NOT NULL REFERENCES tenancies(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    polling_code_hash TEXT NOT NULL,
    login_code_hash TEXT NOT NULL,
    refresh_token TEXT,
    anon_refresh_token TEXT,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, id),
    UNIQUE (tenancy_id, polling_code_hash),
    UNIQUE (tenancy_id, login_code_hash)
);
