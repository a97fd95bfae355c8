import { api } from './api/desktop-client.js';

/**
 * A hint about choosing a photo, with the file type the photo spec in force accepts
 * (src-shared/photo-file-words.ts via settings.get): "选择此人的证件照（PNG）。". Asked when the hint is
 * shown, so a spec the server sent a moment ago already counts.
 */
export async function photoPickHint(what: string): Promise<string> {
  const r = await api['settings.get'](undefined);
  return r.ok ? `${what}（${r.value.photoFiles.formats} 格式）。` : `${what}。`;
}
