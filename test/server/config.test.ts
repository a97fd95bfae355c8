import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultDataDir, loadConfig, parseSize, resolveDataDir } from '../../src-server/config.js';

describe('server config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig([], {});
    expect(c).toMatchObject({
      port: 8720,
      host: '127.0.0.1',
      dataDir: defaultDataDir({}),
      jsonBodyLimit: 5 * 1024 * 1024,
      blobBodyLimit: 20 * 1024 * 1024,
      tokenTtlMs: 12 * 3_600_000,
      lockoutMaxFailures: 5,
      lockoutMs: 15 * 60_000,
    });
    expect(path.basename(defaultDataDir({}))).toBe('zfbm-sync');
  });

  it('reads the review stages and the photo spec; an unknown spec stops the server at start', async () => {
    expect(loadConfig([], {})).toMatchObject({ reviewStages: 1, photoSpec: '' });
    expect(loadConfig(['--review-stages', '2', '--photo-spec', 'guangxi'], {})).toMatchObject({ reviewStages: 2, photoSpec: 'guangxi' });
    expect(loadConfig([], { REVIEW_STAGES: '2', PHOTO_SPEC: 'fujian' })).toMatchObject({ reviewStages: 2, photoSpec: 'fujian' });
    const { loadReferenceData } = await import('../../src-server/reference/reference-data.js');
    expect(loadReferenceData({ photoSpec: '' }).photoSpec.name).toBe('fujian');
    expect(() => loadReferenceData({ photoSpec: 'shanghai' })).toThrow(ConfigError);
    expect(() => loadReferenceData({ photoSpec: 'shanghai' })).toThrow(/照片规格.*fujian/);
  });

  it('reads the environment, and flags win over it', () => {
    const env = { PORT: '9000', HOST: '0.0.0.0', DATA_DIR: 'd1', JSON_BODY_LIMIT: '1mb', BLOB_BODY_LIMIT: '50MB', TOKEN_TTL_HOURS: '8', LOCKOUT_MINUTES: '30' };
    const c = loadConfig([], env, '/srv');
    expect(c).toMatchObject({ port: 9000, host: '0.0.0.0', dataDir: path.resolve('/srv', 'd1'), jsonBodyLimit: 1024 * 1024, blobBodyLimit: 50 * 1024 * 1024 });
    expect(c.tokenTtlMs).toBe(8 * 3_600_000);
    expect(c.lockoutMs).toBe(30 * 60_000);
    const f = loadConfig(['--port', '9100', '--host', '127.0.0.1', '--data', '/data/x', '--json-limit', '512kb'], env, '/srv');
    expect(f).toMatchObject({ port: 9100, host: '127.0.0.1', dataDir: path.resolve('/data/x'), jsonBodyLimit: 512 * 1024 });
  });

  it('refuses bad values with one Chinese line naming the setting', () => {
    const bad: Array<[string[], Record<string, string>, RegExp]> = [
      [['--port', 'abc'], {}, /端口.*必须是整数.*abc/],
      [['--port', '70000'], {}, /端口.*不能大于 65535/],
      [[], { PORT: '-1' }, /端口/],
      [['--host', 'a b'], {}, /监听地址/],
      [['--json-limit', 'lots'], {}, /JSON 请求大小上限.*写法不对/],
      [['--blob-limit', '10'], {}, /文件上传大小上限.*1KB 到 1GB/],
      [[], { TOKEN_TTL_HOURS: 'zero' }, /登录有效期/],
      [[], { LOCKOUT_MAX_FAILURES: '0' }, /连续输错次数/],
      [['--review-stages', '3'], {}, /审核级数.*只能是 1.*或 2/],
      [[], { PHOTO_SPEC: '../etc' }, /照片规格/],
      [[], { LOG_LEVEL: 'loud' }, /日志级别/],
      [['--bogus'], {}, /不认识的选项 --bogus/],
      [['--port'], {}, /选项 --port 后面缺少值/],
      [['extra'], {}, /多余的参数 extra/],
    ];
    for (const [argv, env, re] of bad) {
      let err: unknown;
      try {
        loadConfig(argv, env);
      } catch (e) {
        err = e;
      }
      expect(err, `${argv.join(' ')} ${JSON.stringify(env)}`).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(re);
    }
  });

  it('accepts port 0 (any free port) and ignores blank environment values', () => {
    expect(loadConfig(['--port', '0'], {}).port).toBe(0);
    expect(loadConfig([], { PORT: '', HOST: ' ' }).port).toBe(8720);
  });

  it('reads sizes as people write them', () => {
    expect(parseSize('5mb')).toBe(5 * 1024 * 1024);
    expect(parseSize('20 MB')).toBe(20 * 1024 * 1024);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('1048576')).toBe(1048576);
    expect(parseSize('1.5m')).toBe(1.5 * 1024 * 1024);
    expect(parseSize('five')).toBeNaN();
  });

  it('resolves the data directory the same way for the admin command line', () => {
    expect(resolveDataDir(undefined, {})).toBe(defaultDataDir({}));
    expect(resolveDataDir(undefined, { DATA_DIR: 'x' }, '/srv')).toBe(path.resolve('/srv', 'x'));
    expect(resolveDataDir('/flag', { DATA_DIR: 'x' })).toBe(path.resolve('/flag'));
  });
});
