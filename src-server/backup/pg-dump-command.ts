/**
 * The pg_dump command that saves a PostgreSQL store (DATABASE_URL), for the messages of `server-admin
 * backup` on PostgreSQL: the database there is backed up by PostgreSQL's own tools, never by us. The
 * command names the host, port, user and database of the URL, never its password (pg_dump asks for it,
 * or finds it in PGPASSWORD / ~/.pgpass).
 */

export interface PgTarget {
  host: string;
  port: string;
  user: string;
  database: string;
}

/** The parts of a postgres:// URL pg_dump needs; null when it is not one. */
export function pgTarget(databaseUrl: string): PgTarget | null {
  let u: URL;
  try {
    u = new URL(databaseUrl);
  } catch {
    return null;
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return null;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  // postgres://u@/db?host=/var/run/postgresql: a local socket folder in the query.
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1') || u.searchParams.get('host') || 'localhost';
  return {
    host: decode(host),
    port: u.port || u.searchParams.get('port') || '5432',
    user: decode(u.username) || u.searchParams.get('user') || '',
    database: decode(u.pathname.replace(/^\//, '')) || decode(u.username) || 'postgres',
  };
}

/** A word for the shell: quoted when it holds anything but plain characters. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** `pg_dump --host=… --port=… --username=… --dbname=… --format=custom --file=<file>`, without a password. */
export function pgDumpCommand(databaseUrl: string, file: string): string {
  const t = pgTarget(databaseUrl) ?? { host: 'localhost', port: '5432', user: '', database: 'postgres' };
  const words = ['pg_dump', `--host=${shellWord(t.host)}`, `--port=${shellWord(t.port)}`];
  if (t.user) words.push(`--username=${shellWord(t.user)}`);
  words.push(`--dbname=${shellWord(t.database)}`, '--format=custom', `--file=${shellWord(file)}`);
  return words.join(' ');
}
