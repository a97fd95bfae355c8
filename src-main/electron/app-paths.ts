import path from 'node:path';

/**
 * Where the app keeps things, all under Electron's userData folder (%APPDATA%\执法人员报名助手 on
 * Windows): the data folder (the SQLite store, photos, evidence), the logs and the window's place.
 * `--data=<folder>` (or `--data <folder>`) on the command line moves the data folder, for an
 * administrator and for the tests. Plain Node.
 */
export interface AppPaths {
  userData: string;
  dataDir: string;
  logDir: string;
  windowStateFile: string;
}

export function dataArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--data=')) return a.slice('--data='.length) || undefined;
    if (a === '--data' && argv[i + 1] && !argv[i + 1]!.startsWith('--')) return argv[i + 1];
  }
  return undefined;
}

export function appPaths(userData: string, argv: readonly string[]): AppPaths {
  const given = dataArg(argv);
  return {
    userData,
    dataDir: given ? path.resolve(given) : path.join(userData, 'data'),
    logDir: path.join(userData, 'logs'),
    windowStateFile: path.join(userData, 'window-state.json'),
  };
}
