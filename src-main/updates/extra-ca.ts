import { X509Certificate } from 'node:crypto';
import net from 'node:net';

/**
 * Whether a server certificate chain that Chromium did not trust is signed by one of 同步设置's extra
 * CA certificates — how the updater's session trusts an intranet server the way sync's agents do
 * (they add the CA file to Node's roots). Used by auto-update.ts's setCertificateVerifyProc only
 * after Chromium's own check failed: it can accept, never overrule an accepted certificate, and never
 * switches checking off. Checked: every link's signature and issuer name, that each issuer is a CA,
 * every validity period, and the name the connection was made to (DNS name or IP address).
 */
export interface ChainToCheck {
  /** The leaf first, then its issuers as the server sent them (Electron's Certificate.data and issuerCert…). */
  chainPem: readonly string[];
  hostname: string;
  caPem: readonly string[];
  now: Date;
}

function parse(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function current(cert: X509Certificate, now: Date): boolean {
  return Date.parse(cert.validFrom) <= now.getTime() && now.getTime() <= Date.parse(cert.validTo);
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

export function trustedByExtraCa(c: ChainToCheck): boolean {
  const cas = c.caPem.map(parse).filter((x): x is X509Certificate => x !== undefined && x.ca);
  if (cas.length === 0) return false;
  const chain = c.chainPem.map(parse);
  if (chain.length === 0 || chain.some((x) => x === undefined)) return false;
  const certs = chain as X509Certificate[];
  const leaf = certs[0]!;
  const host = c.hostname.replace(/^\[|\]$/g, '');
  const nameOk = net.isIP(host) ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined;
  if (!nameOk) return false;
  for (let i = 0; i < certs.length; i++) {
    const cert = certs[i]!;
    if (!current(cert, c.now)) return false;
    if (i > 0 && !cert.ca) return false;
    const anchor = cas.find((ca) => signedBy(cert, ca) && current(ca, c.now));
    if (anchor) return true;
    const next = certs[i + 1];
    if (!next || !signedBy(cert, next)) return false;
  }
  return false;
}

/** Chromium's verify-proc answers: 0 accepts, -3 keeps Chromium's own verdict. */
export const ACCEPT = 0;
export const CHROMIUM_VERDICT = -3;

/**
 * The updater session's certificate check: Chromium's verdict stands unless it failed only because
 * the issuing CA is unknown to it and the chain leads to one of the extra CA certificates.
 */
export function certificateVerdict(r: { hostname: string; verificationResult: string; chainPem: readonly string[] }, caPem: readonly string[], now: Date): number {
  if (caPem.length === 0 || !/AUTHORITY_INVALID/.test(r.verificationResult)) return CHROMIUM_VERDICT;
  return trustedByExtraCa({ chainPem: r.chainPem, hostname: r.hostname, caPem, now }) ? ACCEPT : CHROMIUM_VERDICT;
}
