import { UpdaterFailure } from './updater.js';

/**
 * What a failed check or download means to the clerk. "Nothing for this PC" is not a failure: the
 * server answers a PC outside the staged rollout, or while a rollout is paused, with an older
 * latest.yml (electron-updater then finds nothing newer), 404 (no channel file) or 204 (no body),
 * which electron-updater reports as errors; they read 已是最新版本. A download whose sha512 does not
 * match latest.yml (ERR_CHECKSUM_MISMATCH) has already been deleted by electron-updater
 * (AppUpdater.executeDownload removes the temp file and clears the cache before rethrowing); the next
 * check downloads it again.
 */
export interface FailureWords {
  /** True: not an error, the state goes back to idle with `text` as the last result. */
  quiet: boolean;
  text: string;
}

export const UP_TO_DATE = '已是最新版本';
export const CHECKSUM_MISMATCH = '下载的更新文件校验失败，已丢弃，将在下次检查时重新下载。';

export function failureWords(e: unknown): FailureWords {
  const code = e instanceof UpdaterFailure ? e.code : typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : '';
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' || code === 'HTTP_ERROR_404') return { quiet: true, text: UP_TO_DATE };
  if (code === 'ERR_UPDATER_INVALID_UPDATE_INFO' && /rawData: (null|undefined)/.test(message)) return { quiet: true, text: UP_TO_DATE };
  if (code === 'ERR_CHECKSUM_MISMATCH') return { quiet: false, text: CHECKSUM_MISMATCH };
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE') return { quiet: false, text: '下载的新版本没有本程序发布者的数字签名，已丢弃，不会安装。请告诉服务器管理员。' };
  if (code === 'HTTP_ERROR_401' || code === 'HTTP_ERROR_403') return { quiet: false, text: '同步服务器不接受这次登录，没有检查更新。请在“同步设置”中重新登录。' };
  if (code === 'ERR_UPDATER_INVALID_UPDATE_INFO' || code === 'ERR_UPDATER_INVALID_VERSION') {
    return { quiet: false, text: '同步服务器上的更新信息（latest.yml）不完整，没有下载。请告诉服务器管理员重新发布更新。' };
  }
  if (/net::ERR_CERT_|certificate/i.test(message)) return { quiet: false, text: '同步服务器的证书不受信任，没有检查更新。请在“同步设置”中选择服务器管理员提供的 CA 证书文件。' };
  if (/net::ERR_|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|ECONNRESET|socket hang up/i.test(message)) {
    return { quiet: false, text: '连不上同步服务器，没有检查更新；稍后会自动再试。' };
  }
  if (/ENOSPC/i.test(message)) return { quiet: false, text: '磁盘空间不足，新版本没有下载完。请清理磁盘后等待下次自动检查。' };
  return { quiet: false, text: '检查或下载更新没有完成，稍后会自动再试；如果一直出现，请把日志文件发给技术支持。' };
}
