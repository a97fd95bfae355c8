// js-yaml 4 ships no types (it comes with electron-updater, which parses latest.yml with it); the sync
// server reads a published latest.yml with the same parser (src-server/updates/latest-yml.ts).
declare module 'js-yaml' {
  export function load(text: string, options?: { filename?: string; json?: boolean }): unknown;
}
