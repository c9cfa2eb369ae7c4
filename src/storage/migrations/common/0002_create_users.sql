-- Users, their contact channels, sign-in methods and sessions (refresh tokens).

CREATE TABLE users (
    tenancy_id TEXT NOT NULL REFERENCES tenancies(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    display_name TEXT,
    profile_image_url TEXT,
    client_metadata TEXT NOT NULL DEFAULT 'null',
    client_read_only_metadata TEXT NOT NULL DEFAULT 'null',
    server_metadata TEXT NOT NULL DEFAULT 'null',
    is_anonymous INTEGER NOT NULL DEFAULT 0,
    restricted_by_admin INTEGER NOT NULL DEFAULT 0,
    restricted_by_admin_reason TEXT,
    restricted_by_admin_private_details TEXT,
    requires_totp_mfa INTEGER NOT NULL DEFAULT 0,
    totp_secret_base64 TEXT,
    selected_team_id TEXT,
    country_code TEXT,
    risk_score_bot INTEGER NOT NULL DEFAULT 0,
    risk_score_free_trial_abuse INTEGER NOT NULL DEFAULT 0,
    signed_up_at BIGINT NOT NULL,
    last_active_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, id)
);
CREATE INDEX users_by_sign_up ON users (tenancy_id, signed_up_at, id);

CREATE TABLE contact_channels (
    tenancy_id TEXT NOT NULL,
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    is_primary INTEGER NOT NULL DEFAULT 0,
    is_verified INTEGER NOT NULL DEFAULT 0,
    used_for_auth INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, id),
    FOREIGN KEY (tenancy_id, user_id) REFERENCES users (tenancy_id, id) ON DELETE CASCADE
);
-- An address can sign in to one user only; the same address may exist unused for auth elsewhere.
CREATE UNIQUE INDEX contact_channels_auth_value ON contact_channels (tenancy_id, type, value) WHERE used_for_auth = 1;
CREATE UNIQUE INDEX contact_channels_user_value ON contact_channels (tenancy_id, user_id, type, value);
CREATE INDEX contact_channels_by_value ON contact_channels (tenancy_id, value);

-- At most one method of each kind per user (password, otp, passkey).
CREATE TABLE auth_methods (
    tenancy_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    password_hash TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, user_id, kind),
    FOREIGN KEY (tenancy_id, user_id) REFERENCES users (tenancy_id, id) ON DELETE CASCADE
);

-- A session. The refresh token itself is never stored: only its SHA-256.
CREATE TABLE refresh_tokens (
    tenancy_id TEXT NOT NULL,
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    refresh_token_hash TEXT NOT NULL,
    is_impersonation INTEGER NOT NULL DEFAULT 0,
    expires_at BIGINT,
    last_active_at BIGINT NOT NULL,
    last_active_ip_info TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, id),
    FOREIGN KEY (tenancy_id, user_id) REFERENCES users (tenancy_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX refresh_tokens_by_hash ON refresh_tokens (refresh_token_hash);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (tenancy_id, user_id);
