import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  API_PREFIX,
  blobResponseSchema,
  errorResponseSchema,
  SYNC_API,
  type BatchPutRequest,
  type SyncRequest,
  type SyncResponse,
  type SyncRoute,
} from '../../src-shared/contract/sync-api.js';
import type { ConnectionSettings } from './connection-settings.js';
import { makeAgents, type Agents } from './http-agents.js';
import { SyncError } from './sync-error.js';

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED', 'CERT_REVOKED',
]);

/** An axios failure without an answer (or with an answer that is not ours) → what to do about it. */
function transportError(e: AxiosError, serverUrl: string): SyncError {
  const code = e.code ?? (e.cause as { code?: string } | undefined)?.code ?? '';
  if (code === 'ERR_CANCELED') {
    return new SyncError('timeout', 'cancelled', '提交在等待时间到了时停止了（--timeout）。已上传的文件不会重传，下次提交会从这里继续。');
  }
  if (TLS_CODES.has(code)) {
    return new SyncError('tls', 'tls', `无法确认服务器 ${serverUrl} 的身份（证书不受信任：${code}）。如果这是单位内网的服务器，请向管理员索取 CA 证书，在“同步设置”中填写 CA 证书文件；不要使用来历不明的服务器。`);
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new SyncError('timeout', 'timeout', '连接服务器超时（网络太慢或不通）。报名助手会稍后自动重试，数据不会丢失。');
  }
  return new SyncError('network', 'network', `连不上同步服务器 ${serverUrl}（${code || e.message}）。请检查网络或代理设置；报名助手会在网络恢复后自动继续，数据不会丢失。`);
}

function retryAfterMs(res: AxiosResponse): number | undefined {
  const v = res.headers['retry-after'];
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

/** An answer with a 4xx/5xx status → SyncError with the server's Chinese message when it sent one. */
function statusError(res: AxiosResponse): SyncError {
  const parsed = errorResponseSchema.safeParse(res.data);
  const code = parsed.success ? parsed.data.error.code : `http.${res.status}`;
  const message = parsed.success ? parsed.data.error.message : `服务器回答了 HTTP ${res.status}，不是同步服务器的格式（可能是代理或防火墙的页面）。请检查服务器地址和代理设置。`;
  const extra = {
    status: res.status,
    ...(parsed.success && parsed.data.error.rows ? { rows: parsed.data.error.rows } : {}),
    ...(parsed.success && parsed.data.error.missingBlobs ? { missingBlobs: parsed.data.error.missingBlobs } : {}),
  };
  if (res.status === 401) return new SyncError('auth', code, message, extra);
  if (res.status === 429) return new SyncError('throttled', code, message, { ...extra, ...(retryAfterMs(res) !== undefined ? { retryAfterMs: retryAfterMs(res)! } : {}) });
  if (res.status === 408) return new SyncError('timeout', code, message, extra);
  if (res.status >= 500 || !parsed.success) {
    // A proxy's or gateway's page, or our own 5xx: the data was fine; try again later.
    return new SyncError('server', code, parsed.success ? message : `服务器暂时不可用（HTTP ${res.status}）。报名助手会稍后自动重试。`, {
      ...extra,
      ...(retryAfterMs(res) !== undefined ? { retryAfterMs: retryAfterMs(res)! } : {}),
    });
  }
  return new SyncError('refused', code, message, extra);
}

/**
 * The sync server's contract as typed calls over axios. Every answer is parsed with the contract's
 * schema; every failure is a SyncError. The token is sent when set.
 */
export class SyncClient {
  private readonly http: AxiosInstance;
  private readonly agents: Agents;
  private readonly onContact: ((failure: SyncError | undefined) => void) | undefined;
  private readonly onRefused: ((refusal: SyncError) => void) | undefined;
  token: string | undefined;

  /**
   * `onContact`: after every request, undefined when the server answered, the failure when it could not
   * be reached. `onRefused`: the server's refusal (4xx) of a request that carried the token.
   */
  constructor(
    readonly settings: ConnectionSettings,
    opts: { systemProxy?: string; signal?: AbortSignal; onContact?: (failure: SyncError | undefined) => void; onRefused?: (refusal: SyncError) => void } = {},
  ) {
    this.onContact = opts.onContact;
    this.onRefused = opts.onRefused;
    this.agents = makeAgents(settings, opts);
    this.http = axios.create({
      baseURL: settings.serverUrl + API_PREFIX,
      timeout: settings.timeoutSeconds * 1000,
      httpAgent: this.agents.httpAgent,
      httpsAgent: this.agents.httpsAgent,
      // The agents carry the proxy; axios's own proxy support must not interfere (nor read env vars).
      proxy: false,
      maxBodyLength: Infinity,
      maxContentLength: 256 * 1024 * 1024,
      validateStatus: () => true,
      headers: { 'user-agent': 'zfbm-desktop' },
      // The CLI's --timeout: every request of this client ends when it fires, an upload half-way too.
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  get route(): string {
    return this.agents.route;
  }

  close(): void {
    this.agents.destroy();
  }

  /**
   * One request, its outcome reported to `onContact`: no answer, or a 5xx or a proxy's page, is a
   * failed contact; any answer of the server's own (a 401 or a refusal too) shows it is reachable.
   */
  private async request(config: Parameters<AxiosInstance['request']>[0]): Promise<AxiosResponse> {
    let res: AxiosResponse;
    try {
      res = await this.http.request(config);
    } catch (e) {
      if (!(e instanceof AxiosError)) throw e;
      const failure = transportError(e, this.settings.serverUrl);
      if (failure.code !== 'cancelled') this.onContact?.(failure);
      throw failure;
    }
    const failure = res.status >= 400 && res.status !== 404 ? statusError(res) : undefined;
    this.onContact?.(failure?.kind === 'server' ? failure : undefined);
    if (failure && failure.kind !== 'server' && this.token) this.onRefused?.(failure);
    return res;
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  private async send<T>(schema: z.ZodType<T>, config: Parameters<AxiosInstance['request']>[0], okStatuses: readonly number[] = [200, 201]): Promise<{ status: number; body: T }> {
    const res = await this.request({ ...config, headers: { ...this.auth(), ...(config.headers as Record<string, string> | undefined) } });
    if (!okStatuses.includes(res.status)) throw statusError(res);
    const parsed = schema.safeParse(res.data);
    if (!parsed.success) {
      throw new SyncError('server', 'response.invalid', '服务器的回答格式与本程序不符，可能版本不一致。请把报名助手升级到与服务器相同的版本。');
    }
    return { status: res.status, body: parsed.data };
  }

  /** One JSON route of the contract. */
  async call<K extends SyncRoute>(key: K, input: SyncRequest<K>, params: Record<string, string> = {}): Promise<SyncResponse<K>> {
    const spec = SYNC_API[key];
    const url = spec.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
    const isQuery = spec.method === 'GET';
    const r = await this.send(spec.response as unknown as z.ZodType<SyncResponse<K>>, {
      method: spec.method,
      url,
      ...(isQuery ? { params: input ?? {} } : { data: input ?? {} }),
    });
    return r.body;
  }

  /** PUT /batches/:id: the answer and whether it was 201 (created) or 200. */
  putBatch(batchId: string, body: BatchPutRequest): Promise<SyncResponse<'PUT /batches/:batchId'>> {
    return this.call('PUT /batches/:batchId', body, { batchId });
  }

  /**
   * HEAD /batches/:id: the content hash of the server's copy (its ETag), '' when the server has the
   * batch but no hash for it (kept by an older server), undefined when it does not have it.
   */
  async batchContentHash(batchId: string): Promise<string | undefined> {
    const res = await this.request({ method: 'HEAD', url: `/batches/${encodeURIComponent(batchId)}`, headers: this.auth() });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw statusError(res);
    const etag = String(res.headers['etag'] ?? '');
    return /^"[0-9a-f]{64}"$/.test(etag) ? etag.slice(1, -1) : '';
  }

  /** PUT /blobs/:sha256 with the bytes as a stream of known length (so a cut is noticed). */
  async putBlob(sha256: string, body: Readable | Buffer, length: number): Promise<z.infer<typeof blobResponseSchema>> {
    const r = await this.send(blobResponseSchema, {
      method: 'PUT',
      url: `/blobs/${sha256}`,
      data: body,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(length) },
    });
    return r.body;
  }
}
