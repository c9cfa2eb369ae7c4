-- Teams, their members (with member-level profile overrides) and direct permission grants.
-- Permission definitions are not rows: they live in the environment config
-- (rbac.permissions), as upstream. A user's selected team stays in users.selected_team_id;
-- reads only honour it while the membership exists.

CREATE TABLE teams (
    tenancy_id TEXT NOT NULL REFERENCES tenancies(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    profile_image_url TEXT,
    client_metadata TEXT NOT NULL DEFAULT 'null',
    client_read_only_metadata TEXT NOT NULL DEFAULT 'null',
    server_metadata TEXT NOT NULL DEFAULT 'null',
    created_at BIGINT NOT NULL,
    -- Creation order within the tenancy: teams made in the same millisecond still list in order.
    seq BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, id)
);
CREATE INDEX teams_by_seq ON teams (tenancy_id, seq);

CREATE TABLE team_members (
    tenancy_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    display_name TEXT,
    profile_image_url TEXT,
    created_at BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, team_id, user_id),
    FOREIGN KEY (tenancy_id, team_id) REFERENCES teams (tenancy_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenancy_id, user_id) REFERENCES users (tenancy_id, id) ON DELETE CASCADE
);
CREATE INDEX team_members_by_user ON team_members (tenancy_id, user_id);
CREATE INDEX team_members_by_seq ON team_members (tenancy_id, seq);

CREATE TABLE team_member_permissions (
    tenancy_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    permission_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, team_id, user_id, permission_id),
    FOREIGN KEY (tenancy_id, team_id, user_id) REFERENCES team_members (tenancy_id, team_id, user_id) ON DELETE CASCADE
);
CREATE INDEX team_member_permissions_by_id ON team_member_permissions (tenancy_id, permission_id);
CREATE INDEX team_member_permissions_by_user ON team_member_permissions (tenancy_id, user_id);

CREATE TABLE project_user_permissions (
    tenancy_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    permission_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenancy_id, user_id, permission_id),
    FOREIGN KEY (tenancy_id, user_id) REFERENCES users (tenancy_id, id) ON DELETE CASCADE
);
CREATE INDEX project_user_permissions_by_id ON project_user_permissions (tenancy_id, permission_id);
