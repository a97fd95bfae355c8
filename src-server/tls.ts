import crypto from 'node:crypto';
import fs from 'node:fs';
import tls from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { ConfigError, type TlsFiles } from './config.js';

/**
 * HTTPS on the server's own port (TLS_CERT / TLS_KEY, issue 13): the PEM files are read and checked
 * once at start, so that a missing, unreadable, wrong or mismatched file stops the server with one
 * Chinese line (exit 2) instead of failing at the first connection.
 */

/** One year; sent on every answer when TLS is on. */
export const HSTS_VALUE = 'max-age=31536000';

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  /** The server certificate's subject and end of validity, for the start message. */
  subject: string;
  validTo: Date;
}

const CERT_SETTING = '证书文件（TLS_CERT / --tls-cert）';
const KEY_SETTING = '私钥文件（TLS_KEY / --tls-key）';

function readPem(file: string, setting: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`找不到${setting}“${file}”。请检查路径是否写对。`);
    if (code === 'EACCES' || code === 'EPERM') throw new ConfigError(`没有权限读取${setting}“${file}”。请让运行服务器的账号能读取这个文件。`);
    if (code === 'EISDIR') throw new ConfigError(`${setting}“${file}”是一个文件夹，请写 PEM 文件本身的路径。`);
    throw new ConfigError(`无法读取${setting}“${file}”（${code ?? (e instanceof Error ? e.message : String(e))}）。`);
  }
}

/** Reads and checks the certificate and key. Throws ConfigError with one Chinese line. */
export function readTlsFiles(files: TlsFiles): TlsMaterial {
  const cert = readPem(files.certFile, CERT_SETTING);
  const key = readPem(files.keyFile, KEY_SETTING);
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(cert);
  } catch {
    throw new ConfigError(`${CERT_SETTING}“${files.certFile}”不是 PEM 格式的证书。请用以 -----BEGIN CERTIFICATE----- 开头的文件（服务器证书在前，可附带中间证书）。`);
  }
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey(key);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED' || /ENCRYPTED/.test(key.toString('latin1', 0, 4096))) {
      throw new ConfigError(`${KEY_SETTING}“${files.keyFile}”设置了密码，服务器无法自动读取。请用 openssl pkey -in 原文件 -out 新文件 去掉密码，并只让运行服务器的账号能读它。`);
    }
    throw new ConfigError(`${KEY_SETTING}“${files.keyFile}”不是 PEM 格式的私钥。请用以 -----BEGIN PRIVATE KEY----- 或 -----BEGIN RSA PRIVATE KEY----- 开头的文件。`);
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new ConfigError(`证书“${files.certFile}”与私钥“${files.keyFile}”不配对（不是同一次申请生成的）。请换成与证书配套的私钥。`);
  }
  try {
    tls.createSecureContext({ cert, key });
  } catch (e) {
    throw new ConfigError(`证书或私钥无法用于 HTTPS（${e instanceof Error ? e.message : String(e)}）。请检查 TLS_CERT 和 TLS_KEY。`);
  }
  return { cert, key, subject: x509.subject.replace(/\n/g, ', '), validTo: new Date(x509.validTo) };
}

/** Strict-Transport-Security on every answer, errors and 404s included. */
export function registerHsts(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('strict-transport-security', HSTS_VALUE);
    return payload;
  });
}

/** True when only this computer can reach the address (no warning about plain HTTP then). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
