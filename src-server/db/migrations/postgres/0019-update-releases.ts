/** As the SQLite text (../0019-update-releases.ts); BIGINT for the sizes, STRICT dropped. */
export const PG_0019 = `
CREATE TABLE update_releases (
  version          TEXT PRIMARY KEY CHECK (length(version) BETWEEN 5 AND 64),
  installer_name   TEXT NOT NULL UNIQUE CHECK (length(installer_name) BETWEEN 5 AND 200),
  installer_size   BIGINT NOT NULL CHECK (installer_size > 0),
  installer_sha512 TEXT NOT NULL CHECK (length(installer_sha512) = 88),
  blockmap_size    BIGINT CHECK (blockmap_size IS NULL OR blockmap_size > 0),
  channel_yml      TEXT NOT NULL,
  release_date     TEXT NOT NULL,
  rollout_percent  BIGINT NOT NULL CHECK (rollout_percent BETWEEN 0 AND 100),
  withdrawn        BIGINT NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
  published_at     TEXT NOT NULL,
  published_by     TEXT NOT NULL
);
`;
