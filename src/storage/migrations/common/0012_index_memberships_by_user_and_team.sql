-- A user's teams are read from their memberships: with the team id in the index, the lookup
-- (tenancy, user) -> teams never touches the membership rows, and SQLite prefers it over
-- walking every team of the tenancy. It replaces the (tenancy_id, user_id) index, a prefix.
CREATE INDEX team_members_by_user_and_team ON team_members (tenancy_id, user_id, team_id);
DROP INDEX team_members_by_user;
