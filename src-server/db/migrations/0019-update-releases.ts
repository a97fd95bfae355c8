/**
 * The desktop update feed (issue 21): each published release of the Windows installer, as
 * `server-admin publish-update` checked it. The files themselves are in the blob folder under
 * `updates/<version>/` (updates/release-files.ts); this table is what every server process agrees on:
 * which releases exist, how far each is rolled out, and which an administrator has withdrawn (point
 * back). Whether the feed is paused is a row of `settings` (key `updates.paused`). Only the last few
 * releases are kept (publish prunes the rest), so the table stays a handful of rows.
 */
export const MIGRATION_0019 = `
CREATE TABLE update_releases (
  version          TEXT PRIMARY KEY CHECK (length(version) BETWEEN 5 AND 64),   -- semver, as latest.yml says
  installer_name   TEXT NOT NULL UNIQUE CHECK (length(installer_name) BETWEEN 5 AND 200),  -- a plain file name, never a path
  installer_size   INTEGER NOT NULL CHECK (installer_size > 0),
  installer_sha512 TEXT NOT NULL CHECK (length(installer_sha512) = 88),          -- base64, as electron-builder writes it
  blockmap_size    INTEGER CHECK (blockmap_size IS NULL OR blockmap_size > 0),   -- NULL: published without a .blockmap
  channel_yml      TEXT NOT NULL,                                                -- latest.yml as published, served byte for byte
  release_date     TEXT NOT NULL,
  rollout_percent  INTEGER NOT NULL CHECK (rollout_percent BETWEEN 0 AND 100),
  withdrawn        INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),         -- 1: pointed back past it; offered to nobody
  published_at     TEXT NOT NULL,
  published_by     TEXT NOT NULL
) STRICT;
`;
