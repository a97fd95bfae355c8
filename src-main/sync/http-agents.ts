import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import type { ConnectionSettings } from './connection-settings.js';
import { SyncError } from './sync-error.js';

/**
 * The connection agents for one server: keep-alive, the extra CA certificate added to Node's trusted
 * roots (never replacing them, never turning verification off), and the proxy — none, an explicit
 * URL, or the system's (the app resolves it with Electron and passes it in; the CLI reads
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY as other command-line tools do).
 */
export interface Agents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  /** What the clerk is told in `status`: 直接连接, 代理 http://… */
  route: string;
  destroy(): void;
}

function readCa(file: string): string[] {
  if (!file) return [];
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch {
    throw new SyncError('config', 'config.ca_file', `无法读取 CA 证书文件“${file}”，请检查路径，或在设置中清除此项。`);
  }
  if (!/-----BEGIN CERTIFICATE-----/.test(pem)) {
    throw new SyncError('config', 'config.ca_file', `“${file}”不是 PEM 格式的证书文件（应包含 -----BEGIN CERTIFICATE-----）。请向服务器管理员索取 PEM 格式的 CA 证书。`);
  }
  return [pem];
}

/** `system` (CLI) → the proxy HTTPS_PROXY / HTTP_PROXY name for this URL, '' when none or NO_PROXY excludes it. */
export function systemProxyFor(url: string): string {
  return getProxyForUrl(url);
}

export function makeAgents(settings: Pick<ConnectionSettings, 'serverUrl' | 'proxy' | 'caFile'>, opts: { systemProxy?: string } = {}): Agents {
  const extraCa = readCa(settings.caFile);
  const ca = extraCa.length > 0 ? [...tls.rootCertificates, ...extraCa] : undefined;
  const proxy = settings.proxy === 'none' ? '' : settings.proxy === 'system' ? (opts.systemProxy ?? systemProxyFor(settings.serverUrl)) : settings.proxy;
  const common = { keepAlive: true, maxSockets: 16 };
  let httpAgent: http.Agent;
  let httpsAgent: https.Agent;
  if (proxy) {
    httpAgent = new HttpProxyAgent(proxy, common);
    httpsAgent = new HttpsProxyAgent(proxy, { ...common, ...(ca ? { ca } : {}) }) as unknown as https.Agent;
  } else {
    httpAgent = new http.Agent(common);
    httpsAgent = new https.Agent({ ...common, ...(ca ? { ca } : {}) });
  }
  return {
    httpAgent,
    httpsAgent,
    route: proxy ? `代理 ${proxy}` : '直接连接',
    destroy() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
