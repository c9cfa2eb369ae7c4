-- User and team API keys (resources.md §13), data-vault entries (resources.md §19) and the
-- source of a pushed branch config (platform.md §1.7).

-- A key belongs to exactly one user or one team of the tenancy and goes with it. The secret
-- itself is never stored: only its SHA-256 (the lookup key) and its last four characters.
CREATE TABLE project_api_keys (
    tenancy_id TEXT NOT NULL REFERENCES tenancies(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    last_four TEXT NOT NULL,
    description TEXT NOT NULL,
    is_public INTEGER NOT NULL,
    expires_at BIGINT,
    manually_revoked_at BIGINT,
    created_at BIGINT NOT NULL,
    user_id TEXT,
    team_id TEXT,
    PRIMARY KEY (tenancy_id, id),
    UNIQUE (tenancy_id, secret_hash),
    CHECK ((user_id IS NULL) <> (team_id IS NULL)),
    FOREIGN KEY (tenancy_id, user_id) REFERENCES users (tenancy_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenancy_id, team_id) REFERENCES teams (tenancy_id, id) ON DELETE CASCADE
);
CREATE INDEX project_api_keys_by_user ON project_api_keys (tenancy_id, user_id, created_at);
CREATE INDEX project_api_keys_by_team ON project_api_keys (tenancy_id, team_id, created_at);

-- `ciphertext` is the client's value sealed with AES-256-GCM under a key derived from the
-- server secret, bound to (tenancy, store, hashed key) so a row cannot be moved.
CREATE TABLE data_vault_entries (
    tenancy_id TEXT NOT NULL REFERENCES tenancies(id) ON DELETE CASCADE,
    store_id TEXT NOT NULL,
    hashed_key TEXT NOT NULL,
    ciphertext TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, store_id, hashed_key)
);

-- Where the branch config was pushed from (JSON); NULL means unlinked.
ALTER TABLE branch_config_overrides ADD COLUMN source TEXT;
