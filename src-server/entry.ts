import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * True when the module at `moduleUrl` is the script Node was started with. Also through a symbolic
 * link (a deployment's /opt/zfbm-sync/current pointing at a release folder): Node resolves links for
 * import.meta.url but leaves process.argv[1] as typed, and comparing the two alone would make the
 * server exit 0 without starting.
 */
export function isMainModule(moduleUrl: string, argv1: string | undefined = process.argv[1]): boolean {
  if (argv1 === undefined) return false;
  if (moduleUrl === pathToFileURL(argv1).href) return true;
  try {
    return moduleUrl === pathToFileURL(fs.realpathSync(argv1)).href;
  } catch {
    return false;
  }
}
