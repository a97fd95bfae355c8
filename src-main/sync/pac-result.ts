/**
 * Chromium answers "which proxy for this URL?" (Electron's session.resolveProxy) in PAC form:
 * "DIRECT", "PROXY 10.0.0.1:8080; DIRECT", "HTTPS proxy.corp:443", "SOCKS5 127.0.0.1:1080".
 * The first HTTP(S) proxy becomes the proxy URL for our agents; DIRECT (or only SOCKS, which the
 * agents do not speak) means a direct connection: ''.
 */
export function proxyUrlFromPac(pac: string): string {
  for (const part of pac.split(';')) {
    const [kind, hostPort] = part.trim().split(/\s+/);
    if (!kind || !hostPort) continue;
    const k = kind.toUpperCase();
    if (k === 'PROXY' || k === 'HTTP') return `http://${hostPort}`;
    if (k === 'HTTPS') return `https://${hostPort}`;
  }
  return '';
}
