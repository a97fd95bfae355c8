import fs from 'node:fs';
import path from 'node:path';
import { photoSpecFileSchema, type PhotoSpec, type PhotoSpecFile } from '../../src-shared/photo-spec.js';
import { resourcesDir } from './resources-dir.js';
import { CodedError } from '../../src-shared/coded-error.js';

/** An unknown profile name; the message is Chinese and lists the valid names. */
export class PhotoSpecError extends CodedError<'photo_spec'> {
  override name = 'PhotoSpecError';
  constructor(message: string) {
    super('photo_spec', message, { userFacing: true });
  }
}

/** The shipped photo spec profiles (resources/photo-specs.json); a broken file fails loudly at start. */
export function loadPhotoSpecs(file = path.join(resourcesDir(), 'photo-specs.json')): PhotoSpecFile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PhotoSpecError(`无法读取照片规格文件“${file}”（${e instanceof Error ? e.message : String(e)}），安装可能不完整，请重新安装。`);
  }
  const parsed = photoSpecFileSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new PhotoSpecError(`照片规格文件“${file}”内容有误（${first ? `${first.path.join('.')}: ${first.message}` : '格式不对'}），请重新安装或联系技术支持。`);
  }
  return parsed.data;
}

/** The profile of this name, or the active one when no name is given. */
export function getPhotoSpec(name?: string, specs: PhotoSpecFile = loadPhotoSpecs()): PhotoSpec {
  const wanted = name?.trim() || specs.active;
  const spec = specs.specs.find((s) => s.name === wanted);
  if (!spec) {
    const list = specs.specs.map((s) => `${s.name}（${s.title}）`).join('、');
    throw new PhotoSpecError(`没有名为“${wanted}”的照片规格。可用的照片规格：${list}。请用其中一个名称，如 --photo-spec ${specs.active}。`);
  }
  return spec;
}
