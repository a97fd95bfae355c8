import path from 'node:path';
import type { Actor } from '../accounts/accounts.js';
import type { Sql } from '../db/sql.js';
import type { UpdateFeedView } from '../../src-shared/contract/sync-updates.js';
import { DEFAULT_KEEP, DEFAULT_ROLLOUT, MAX_KEEP, MIN_KEEP, publishUpdate, type PublishResult } from './publish-update.js';
import { UpdateError } from './update-error.js';
import { feedView, pointBack, setPaused, setRollout } from './update-feed.js';

/**
 * The `server-admin` verbs of the desktop update feed (publish-update, update-status, update-rollout,
 * update-pause, update-resume, update-point-back), in the shape admin-cli.ts runs its verbs in.
 */

type Values = Record<string, string | boolean | undefined>;
interface Io {
  out(text: string): void;
  err(text: string): void;
}
interface UpdateVerb {
  options: readonly string[];
  prepare?(values: Values, env: NodeJS.ProcessEnv): Promise<unknown>;
  run(db: Sql, values: Values, io: Io, prepared: unknown, ctx: { blobDir: string }): Promise<void>;
}

export function updateHelp(cmd: string): string {
  return `  ${cmd} publish-update --dir <electron-builder 输出文件夹> [--rollout <0-100>] [--keep <${MIN_KEEP}-${MAX_KEEP}>]
      发布桌面端新版本：读取文件夹里的 latest.yml、它所说的安装程序 .exe 和 .blockmap，核对安装程序的大小和
      SHA-512（不一致时什么也不发布），复制到文件存放文件夹的 updates/ 下。--rollout 为推送给多少比例的电脑
      （默认 ${DEFAULT_ROLLOUT}，即全部；例如 10 表示先推送给约 10% 的电脑），--keep 为保留最近几个版本（默认 ${DEFAULT_KEEP}）。
      同一版本重复发布不会有改动（只补回丢失的文件）。
  ${cmd} update-status                        查看已发布的版本、推送比例，以及是否暂停。
  ${cmd} update-rollout --percent <0-100> [--version <版本号>]
      调整推送比例（默认调整最新的版本）。同一台电脑在比例提高后仍在推送范围内。
  ${cmd} update-pause / update-resume         暂停 / 继续推送最新的版本（暂停时电脑只会得到上一个版本）。
  ${cmd} update-point-back --version <版本号>
      改回以前的版本：比它新的版本全部撤回，它推送给全部电脑。已经装了新版本的电脑不会被降级。`;
}

function intOption(values: Values, key: string, min: number, max: number, fallback: number, what: string): number {
  const given = values[key];
  if (given === undefined) return fallback;
  const n = typeof given === 'string' && /^\s*\d{1,3}\s*$/.test(given) ? Number(given) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UpdateError('invalid', `--${key} 应为 ${min} 到 ${max} 之间的整数（${what}），收到的是“${String(given)}”。`);
  return n;
}

function needVersion(values: Values, usage: string): string {
  const v = values.version;
  if (typeof v !== 'string' || v.trim() === '') throw new UpdateError('invalid', `缺少 --version。用法：${usage}`);
  return v.trim();
}

const MB = 1024 * 1024;

function publishText(r: PublishResult): string {
  const what = `${r.version}（${r.installerName}，${(r.installerSize / MB).toFixed(1)} MB${r.blockmap ? '' : '，没有 .blockmap：电脑将完整下载'}）`;
  if (r.status === 'unchanged') return `版本 ${what} 已经发布过，文件完好，没有改动。推送比例仍为 ${r.rolloutPercent}%。`;
  if (r.status === 'repaired') return `版本 ${what} 已经发布过；服务器上缺失或损坏的文件已补回。推送比例仍为 ${r.rolloutPercent}%。`;
  const pruned = r.pruned.length ? `\n  已清理较早的版本：${r.pruned.join('、')}。` : '';
  return `已发布版本 ${what}，推送给 ${r.rolloutPercent}% 的电脑。各单位的报名助手会在下次检查更新时（启动时和每隔几小时）下载。${pruned}\n  查看：update-status；调整比例：update-rollout --percent <0-100>；出问题时：update-pause 或 update-point-back --version <旧版本>。`;
}

export function feedText(v: UpdateFeedView): string {
  if (v.releases.length === 0) return '还没有发布过桌面端版本。用 publish-update --dir <electron-builder 输出文件夹> 发布。';
  const lines = [v.paused ? '推送状态：已暂停（最新版本暂不推送；用 update-resume 继续）' : '推送状态：正常'];
  for (const r of v.releases) {
    const state = r.withdrawn ? '已撤回' : r.current ? (v.paused ? '最新（暂停中）' : '最新') : '较早';
    lines.push(`  ${r.version}\t${state}\t推送 ${r.rolloutPercent}%\t${r.installerName}\t${(r.installerSize / MB).toFixed(1)} MB\t发布于 ${r.publishedAt}（${r.publishedBy}）`);
  }
  return lines.join('\n');
}

export function updateVerbs(actor: () => Actor): Record<string, UpdateVerb> {
  const showState = async (db: Sql, values: Values, io: Io, said: string) => {
    const v = await feedView(db);
    if (values.json) return io.out(JSON.stringify(v));
    io.out(`${said}\n${feedText(v)}`);
  };
  return {
    'publish-update': {
      options: ['dir', 'rollout', 'keep'],
      prepare(values, env) {
        const dir = values.dir;
        if (typeof dir !== 'string' || dir.trim() === '') {
          throw new UpdateError('invalid', '缺少 --dir。用法：publish-update --dir <electron-builder 输出文件夹> [--rollout <0-100>] [--keep <2-20>]');
        }
        const rollout = intOption(values, 'rollout', 0, 100, DEFAULT_ROLLOUT, '推送比例');
        const keep = intOption(values, 'keep', MIN_KEEP, MAX_KEEP, DEFAULT_KEEP, '保留的版本数');
        // npm run starts in the repository; a relative path means the administrator's own folder.
        return Promise.resolve({ dir: path.resolve(env.INIT_CWD ?? process.cwd(), dir), rollout, keep });
      },
      async run(db, values, io, prepared, ctx) {
        const p = prepared as { dir: string; rollout: number; keep: number };
        const r = await publishUpdate(db, ctx.blobDir, { dir: p.dir, rolloutPercent: p.rollout, keep: p.keep, actor: actor() });
        if (values.json) return io.out(JSON.stringify(r));
        io.out(publishText(r));
      },
    },
    'update-status': {
      options: [],
      async run(db, values, io) {
        const v = await feedView(db);
        if (values.json) return io.out(JSON.stringify(v));
        io.out(feedText(v));
      },
    },
    'update-rollout': {
      options: ['percent', 'version'],
      async run(db, values, io) {
        if (values.percent === undefined) throw new UpdateError('invalid', '缺少 --percent。用法：update-rollout --percent <0-100> [--version <版本号>]');
        const percent = intOption(values, 'percent', 0, 100, 100, '推送比例');
        let version = typeof values.version === 'string' && values.version.trim() !== '' ? values.version.trim() : undefined;
        if (version === undefined) {
          version = (await feedView(db)).releases.find((r) => r.current)?.version;
          if (!version) throw new UpdateError('not_found', '没有可以推送的版本（还没有发布，或都已撤回）。先用 publish-update 发布。');
        }
        await setRollout(db, version, percent, actor());
        await showState(db, values, io, `版本 ${version} 现在推送给 ${percent}% 的电脑。`);
      },
    },
    'update-pause': {
      options: [],
      async run(db, values, io) {
        await setPaused(db, true, actor());
        await showState(db, values, io, '已暂停推送最新版本：电脑检查更新时只会得到上一个版本（已经下载的电脑不受影响）。用 update-resume 继续。');
      },
    },
    'update-resume': {
      options: [],
      async run(db, values, io) {
        await setPaused(db, false, actor());
        await showState(db, values, io, '已继续推送。');
      },
    },
    'update-point-back': {
      options: ['version'],
      async run(db, values, io) {
        const version = needVersion(values, 'update-point-back --version <版本号>');
        const withdrawn = await pointBack(db, version, actor());
        await showState(db, values, io, `已改回版本 ${version}，推送给全部电脑${withdrawn.length ? `；已撤回 ${withdrawn.join('、')}` : ''}。已经装了更新版本的电脑不会被降级。`);
      },
    },
  };
}
