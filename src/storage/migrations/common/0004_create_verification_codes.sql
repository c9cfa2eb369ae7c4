-- Single-use codes behind OTP/magic-link sign-in, password reset and contact-channel
-- verification (auth.md §4). One table for every purpose: `type` says which flow a code
-- belongs to, and a lookup always names it.

CREATE TABLE verification_codes (
    tenancy_id TEXT NOT NULL REFERENCES tenancies(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    code TEXT NOT NULL,
    -- code without its first 6 characters (the OTP): attempts are counted per nonce.
    nonce TEXT NOT NULL,
    redirect_url TEXT,
    method TEXT NOT NULL,
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    attempt_count INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, id)
);
CREATE UNIQUE INDEX verification_codes_code ON verification_codes (tenancy_id, code);
CREATE INDEX verification_codes_nonce ON verification_codes (tenancy_id, nonce);
