import { load } from 'js-yaml';
import { z } from 'zod';
import { isSemver } from './semver.js';

/**
 * Reading the `latest.yml` electron-builder writes beside a Windows installer:
 *
 *   version: 1.2.3
 *   files:
 *     - url: zfbm-setup-1.2.3-x64.exe
 *       sha512: <base64 of the installer's SHA-512>
 *       size: 84512345
 *   path: zfbm-setup-1.2.3-x64.exe
 *   sha512: <the same>
 *   releaseDate: '2026-12-07T06:30:00.000Z'
 *
 * It is parsed with js-yaml, the parser electron-updater itself reads it with on the desktop, so the
 * server checks exactly what the PCs will act on. The file is later served byte for byte as published.
 */

/** A published latest.yml is a few hundred bytes; anything much larger is not one. */
export const LATEST_YML_MAX_BYTES = 64 * 1024;
/** The largest installer the feed takes (the app is about 100-150 MB). */
export const INSTALLER_MAX_BYTES = 1024 * 1024 * 1024;
/** A .blockmap is about 1/1000 of its installer. */
export const BLOCKMAP_MAX_BYTES = 64 * 1024 * 1024;

/** What the feed needs from one latest.yml. */
export interface ReleaseManifest {
  version: string;
  installerName: string;
  installerSize: number;
  /** Base64, 88 characters, as electron-builder writes it and electron-updater checks it. */
  installerSha512: string;
  releaseDate: string;
  /** The text as it was, to be served unchanged. */
  yml: string;
}

/** A latest.yml that cannot be published; the message is Chinese and says what to do. */
export class ManifestError extends Error {
  override name = 'ManifestError';
}

const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/;

/**
 * A file name a PC may ask for: one plain name (no folder, no "..", no control characters), ending in
 * .exe, at most 200 characters. Chinese is fine: the URL carries it percent-encoded.
 */
export function isPlainInstallerName(name: string): boolean {
  return (
    name.length >= 5 &&
    name.length <= 200 &&
    name.toLowerCase().endsWith('.exe') &&
    !name.startsWith('.') &&
    !/[/\\:*?"<>|\u0000-\u001f\u007f]/.test(name) &&
    name.trim() === name
  );
}

const fileSchema = z.object({ url: z.string(), sha512: z.string(), size: z.number() }).loose();
const ymlSchema = z
  .object({
    // `version: 1.2` reads as a number: said as a wrong version below, not as a wrong type.
    version: z.union([z.string(), z.number()]).transform(String),
    files: z.array(fileSchema),
    path: z.string().optional(),
    sha512: z.string().optional(),
    releaseDate: z.union([z.string(), z.date()]).optional(),
  })
  .loose();

/** Checks a latest.yml's text; throws ManifestError naming the problem. */
export function readLatestYml(text: string): ReleaseManifest {
  const where = 'latest.yml';
  let parsed: unknown;
  try {
    parsed = load(text);
  } catch (e) {
    throw new ManifestError(`${where} 不是有效的 YAML（${e instanceof Error ? e.message.split('\n')[0] : String(e)}）。请使用 electron-builder 生成的原文件，不要手工修改。`);
  }
  const y = ymlSchema.safeParse(parsed);
  if (!y.success) {
    const field = y.error.issues[0]?.path.map(String).join('.') || '（整个文件）';
    throw new ManifestError(`${where} 的内容不对（${field}）：应有 version、files（url、sha512、size）。请使用 electron-builder 生成的原文件。`);
  }
  const m = y.data;
  if (!isSemver(m.version)) {
    throw new ManifestError(`${where} 里的版本号“${m.version.slice(0, 64)}”不是有效的版本号（应为 1.2.3 这样的形式）。请检查 package.json 的 version 后重新打包。`);
  }
  if ('stagingPercentage' in m) {
    throw new ManifestError(`${where} 里有 stagingPercentage：分批推送由服务器控制，请删掉这一行，改用 publish-update --rollout <百分比>。`);
  }
  if ('packages' in m) {
    throw new ManifestError(`${where} 描述的是 Web 安装程序（packages），本服务器只分发完整的 NSIS 安装程序。请用 nsis 目标重新打包。`);
  }
  if (m.files.length !== 1) {
    throw new ManifestError(`${where} 列出了 ${m.files.length} 个文件，应当只有 1 个（Windows 安装程序 .exe）。请用 electron-builder 的 nsis 目标单独打包 x64 版本。`);
  }
  const file = m.files[0]!;
  if (!isPlainInstallerName(file.url)) {
    throw new ManifestError(`${where} 里的安装程序名“${file.url.slice(0, 200)}”不能使用：应是一个以 .exe 结尾的文件名，不含文件夹和特殊字符。`);
  }
  if (m.path !== undefined && m.path !== file.url) {
    throw new ManifestError(`${where} 里 path（${m.path.slice(0, 200)}）与 files 的 url（${file.url}）不一致，文件可能被改动过。请使用 electron-builder 生成的原文件。`);
  }
  if (!SHA512_BASE64.test(file.sha512) || (m.sha512 !== undefined && m.sha512 !== file.sha512)) {
    throw new ManifestError(`${where} 里安装程序的 sha512 写法不对或前后不一致，文件可能被改动过。请使用 electron-builder 生成的原文件。`);
  }
  if (!Number.isSafeInteger(file.size) || file.size <= 0 || file.size > INSTALLER_MAX_BYTES) {
    throw new ManifestError(`${where} 里安装程序的大小（${file.size}）不对：应为 1 字节到 1 GB 之间的整数。`);
  }
  const date = m.releaseDate instanceof Date ? m.releaseDate.toISOString() : (m.releaseDate ?? '').slice(0, 40);
  return { version: m.version, installerName: file.url, installerSize: file.size, installerSha512: file.sha512, releaseDate: date, yml: text };
}
