-- Upstream's email outbox model on top of the shared outbox (platform.md §2.1): scheduling,
-- pausing, skipping, send timestamps and the per-attempt error log of email rows, plus the
-- per-user notification preferences (§2.7). Webhook rows leave these columns at their defaults.

-- When the email may be sent; NULL means at creation.
ALTER TABLE outbox ADD COLUMN scheduled_at BIGINT;
ALTER TABLE outbox ADD COLUMN is_paused INTEGER NOT NULL DEFAULT 0;
-- 1 while the row's project sends through the server-wide SMTP server: without one such
-- rows stay queued instead of being claimed and failed.
ALTER TABLE outbox ADD COLUMN uses_shared_server INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN started_sending_at BIGINT;
ALTER TABLE outbox ADD COLUMN finished_sending_at BIGINT;
ALTER TABLE outbox ADD COLUMN skipped_reason TEXT;
ALTER TABLE outbox ADD COLUMN skipped_details TEXT;
-- JSON array of {attempt_number, timestamp, external_message, external_details, internal_message, internal_details}.
ALTER TABLE outbox ADD COLUMN send_attempt_errors TEXT;
ALTER TABLE outbox ADD COLUMN render_error TEXT;
CREATE INDEX outbox_by_tenancy_created ON outbox (tenancy_id, kind, created_at, id);

CREATE TABLE user_notification_preferences (
    tenancy_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    notification_category_id TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, user_id, notification_category_id),
    FOREIGN KEY (tenancy_id, user_id) REFERENCES users (tenancy_id, id) ON DELETE CASCADE
);

-- Unsubscribe links are looked up by code alone, across projects.
CREATE INDEX verification_codes_by_code ON verification_codes (code);

-- POST /emails/capacity-boost: 4x sending capacity until then (platform.md §2.4).
ALTER TABLE tenancies ADD COLUMN email_capacity_boost_expires_at BIGINT;
