/**
 * Wrong passwords by address and user name (issue 20), for the throttle in auth/login-throttle.ts. It
 * was kept in one process's memory; with several server processes behind a load balancer each would
 * count only what reached it, and a restart forgot it. Rows older than the lockout window are removed as
 * new ones arrive. Times are epoch milliseconds, compared as numbers.
 */
export const MIGRATION_0016 = `
CREATE TABLE login_failures (
  id    INTEGER PRIMARY KEY,
  ip    TEXT NOT NULL,
  name  TEXT NOT NULL,                -- the user name as LoginThrottle.nameKey makes it
  at_ms INTEGER NOT NULL,
  cleared INTEGER NOT NULL DEFAULT 0 CHECK (cleared IN (0, 1))  -- 1: a right password followed; counts for the address, no more for the name
) STRICT;
CREATE INDEX login_failures_name ON login_failures (ip, name, at_ms);
CREATE INDEX login_failures_at ON login_failures (at_ms);
`;
