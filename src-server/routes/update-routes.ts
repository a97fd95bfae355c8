import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../accounts/accounts.js';
import { apiRoute } from '../api-route.js';
import { ApiError, errorBody } from '../errors.js';
import { parseRange, rangeBody } from '../updates/byte-ranges.js';
import { releaseFilePath } from '../updates/release-files.js';
import { installIdOf, releaseFor } from '../updates/rollout.js';
import { UpdateError } from '../updates/update-error.js';
import { feedView, pointBack, setPaused, setRollout } from '../updates/update-feed.js';
import { findReleaseByFile, isPaused, listReleases } from '../updates/update-store.js';
import { caller } from './auth-routes.js';

/** Where electron-updater's generic provider looks: `<server>/updates/win/` (outside /api/v1). */
export const UPDATE_FEED_PATH = '/updates/win';

/**
 * The desktop update feed (issue 21) and the administrator's routes that steer it.
 *
 * `GET /updates/win/latest.yml`, for signed-in desktops (`authorization: Bearer <token>`, as sync):
 * the latest.yml of the release this PC gets (rollout.ts: its `x-install-id`, the rollout percentages,
 * pause), byte for byte as published. When there is none, 404 `update.none`: electron-updater's
 * generic provider treats every answer without a latest.yml as an error (a 204 as "cannot parse update
 * info", ERR_UPDATER_INVALID_UPDATE_INFO; a 404 as ERR_UPDATER_CHANNEL_FILE_NOT_FOUND), and the 404 is
 * the one the desktop can tell apart from a broken feed, by that code, and keep quiet about.
 *
 * `GET /updates/win/<file>`: the installer of a release not withdrawn, or the .blockmap of any kept
 * release (a differential download also fetches the blockmap of the version the PC runs, which may
 * have been withdrawn since), with Range support (byte-ranges.ts). Any other name is a 404.
 */
export function registerUpdateRoutes(app: FastifyInstance, now: () => Date): void {
  const blobDir = app.serverConfig.blobDir;

  app.get(`${UPDATE_FEED_PATH}/latest.yml`, async (request, reply) => {
    const [releases, paused] = await Promise.all([listReleases(app.db), isPaused(app.db)]);
    const release = releaseFor(releases, installIdOf(request.headers['x-install-id']), paused);
    if (!release) throw new ApiError(404, 'update.none', '服务器上暂时没有适用于这台电脑的新版本，不需要更新。');
    return reply.code(200).header('content-type', 'text/yaml; charset=utf-8').header('cache-control', 'no-store').send(release.channelYml);
  });

  // A wildcard, not `:file`: the router refuses a parameter over 100 characters (maxParamLength), and
  // an installer name may have 200 (latest-yml.ts), its .blockmap 209.
  app.get(`${UPDATE_FEED_PATH}/*`, async (request, reply) => sendReleaseFile(request, reply));

  async function sendReleaseFile(request: FastifyRequest, reply: FastifyReply) {
    const name = String((request.params as { '*'?: unknown })['*'] ?? '');
    // Names are at most 200 characters (latest-yml.ts) plus .blockmap; the name is only looked up, never a path.
    const found = name.length <= 220 ? await findReleaseByFile(app.db, name) : undefined;
    const release = found?.release;
    const size = found?.kind === 'installer' ? (release!.withdrawn ? null : release!.installerSize) : (release?.blockmapSize ?? null);
    if (!found || size === null) {
      throw new ApiError(404, 'not_found', `服务器上没有更新文件“${name.slice(0, 100)}”（可能已被管理员撤回或清理）。报名助手会在下次检查更新时重新获取最新的更新信息。`);
    }
    const missing = () =>
      new ApiError(404, 'update.file_missing', `服务器上版本 ${found.release.version} 的更新文件不完整，暂时无法下载。请联系管理员重新发布这个版本（server-admin publish-update）。`);
    let fd: fs.promises.FileHandle;
    try {
      fd = await fs.promises.open(releaseFilePath(blobDir, found.release.version, found.kind), 'r');
    } catch (e) {
      request.log.warn({ err: e, version: found.release.version, kind: found.kind }, 'update file missing');
      throw missing();
    }
    const stat = await fd.stat();
    if (stat.size !== size) {
      await fd.close();
      request.log.warn({ version: found.release.version, kind: found.kind, size: stat.size, expected: size }, 'update file has the wrong size');
      throw missing();
    }
    const range = parseRange(request.headers.range, size);
    void reply.header('accept-ranges', 'bytes').header('cache-control', 'no-store');
    if (range.kind === 'unsatisfiable') {
      await fd.close();
      return reply.code(416).header('content-range', `bytes */${size}`).send(errorBody('request.invalid', '请求的文件范围超出了文件大小。报名助手会重新下载整个文件。'));
    }
    const answer = rangeBody(fd, size, range, 'application/octet-stream');
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  }

  // ---- The administrator's console

  const actorOf = (request: FastifyRequest): Actor => {
    const u = caller(request).user;
    return { userId: u.id, name: u.username, now, ip: request.ip };
  };
  const steer = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      if (!(e instanceof UpdateError)) throw e;
      if (e.code === 'not_found') throw new ApiError(404, 'not_found', e.message);
      if (e.code === 'conflict') throw new ApiError(409, 'update.conflict', e.message);
      throw new ApiError(400, 'request.invalid', e.message);
    }
    return feedView(app.db);
  };

  apiRoute(app, 'GET /admin/updates', () => feedView(app.db));
  apiRoute(app, 'PUT /admin/updates/rollout', (body, request) => steer(() => setRollout(app.db, body.version, body.percent, actorOf(request))));
  apiRoute(app, 'PUT /admin/updates/pause', (body, request) => steer(() => setPaused(app.db, body.paused, actorOf(request))));
  apiRoute(app, 'POST /admin/updates/point-back', (body, request) => steer(() => pointBack(app.db, body.version, actorOf(request))));
}
