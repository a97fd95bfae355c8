/**
 * The 使用说明's pictures (docs/manual/images/*.png), bundled by Vite next to the page's own files, so
 * they load from the window's app:// files and from the console's /console/assets/ alike (both CSPs
 * allow 'self' images). The Markdown names them `images/<name>.png`; anything else stays as written.
 */
const urls = import.meta.glob<string>('../../docs/manual/images/*.png', { eager: true, query: '?url', import: 'default' });

const byName = new Map(Object.entries(urls).map(([file, url]) => [file.slice(file.lastIndexOf('/') + 1), url]));

export function manualImageUrl(name: string): string | undefined {
  const match = /^(?:\.\/)?images\/([^/]+\.png)$/.exec(name);
  return match ? byName.get(match[1]!) : undefined;
}
