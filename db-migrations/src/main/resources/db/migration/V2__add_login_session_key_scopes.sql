-- A browser login is made with an API key (users have no password API yet): the session acts with that key's
-- scopes, never more, and dies with the key (revocation is checked on every request, deletion cascades).
ALTER TABLE login_sessions
    ADD COLUMN api_key_id text   NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    ADD COLUMN scopes     text[] NOT NULL DEFAULT '{}';
CREATE INDEX login_sessions_api_key_idx ON login_sessions (api_key_id) WHERE api_key_id IS NOT NULL;
