import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/store/open-store.js';
import { createBatch, getBatch } from '../../src-main/store/batches-repo.js';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { EvidenceError, EvidenceService, displayName } from '../../src-main/evidence/evidence-service.js';
import { auditFor } from '../../src-main/store/audit-log.js';
import { tempDir } from '../helpers/temp-dir.js';

/** 佐证资料 against a real store and real files. */
const root = tempDir('zfbm-evidence-');
let n = 0;
const actor = { name: '测试员', now: () => new Date(Date.UTC(2026, 10, 23, 2, 0, 0)) };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function setup(kind: 'new' | 'renewal' = 'new', limits?: { maxFiles: number; maxBytes: number }) {
  const dir = path.join(root, `data-${++n}`);
  const db = openStore(dir);
  const blobs = new BlobStore(db, dir);
  const svc = new EvidenceService(db, blobs, actor, limits);
  const batch = getBatch(db, createBatch(db, actor, { kind }).id)!;
  const files = path.join(dir, 'files');
  fs.mkdirSync(files);
  const write = (name: string, bytes: Buffer) => {
    const f = path.join(files, name);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, bytes);
    return f;
  };
  const jpeg = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  const png = await sharp({ create: { width: 50, height: 50, channels: 4, background: '#ffffff00' } }).png().toBuffer();
  return { db, blobs, svc, batch, write, jpeg, png, dir };
}

describe('evidence files', () => {
  it('takes JPEG, PNG and PDF by their bytes, stores each once by SHA-256, and audits it', async () => {
    const { db, blobs, svc, batch, write, jpeg, png } = await setup();
    const a = svc.add(batch, write('三定方案.jpg', jpeg), '三定方案');
    const b = svc.add(batch, write('证明.png', png), '在编证明');
    // A PDF someone named .jpg is a PDF: accepted, recorded as what it is.
    const c = svc.add(batch, write('委托书.jpg', PDF), '委托书');
    expect([a.mime, b.mime, c.mime]).toEqual(['image/jpeg', 'image/png', 'application/pdf']);
    // ...and kept under the extension of what it is, as the server keeps and serves it.
    expect([a.fileName, b.fileName, c.fileName]).toEqual(['三定方案.jpg', '证明.png', '委托书.pdf']);
    expect(fs.readFileSync(blobs.pathOf(a.sha256))).toEqual(jpeg);
    expect(blobs.read(c.sha256)).toEqual(PDF);
    // The same bytes again: a second record, one stored file.
    const again = svc.add(batch, write('copy.jpg', jpeg), '其他');
    expect(again.sha256).toBe(a.sha256);
    expect((db.prepare('SELECT COUNT(*) AS c FROM blobs').get() as { c: number }).c).toBe(3);
    expect(svc.list(batch.id).map((e) => e.kind)).toEqual(['三定方案', '在编证明', '委托书', '其他']);
    expect(auditFor(db, 'evidence', String(a.id))).toEqual([expect.objectContaining({ action: 'evidence.add', actor: '测试员' })]);
  });

  it('refuses other types, empty and oversized files and a ninth file, with Chinese messages, writing nothing', async () => {
    const { db, svc, batch, write, jpeg } = await setup('new', { maxFiles: 2, maxBytes: 4000 });
    const expectRefused = (f: () => unknown, code: EvidenceError['code'], msg: RegExp) => {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(EvidenceError);
        expect((e as EvidenceError).code).toBe(code);
        expect((e as Error).message).toMatch(msg);
      }
    };
    expectRefused(() => svc.add(batch, write('说明.pdf', Buffer.from('这只是文字')), '其他'), 'wrong_type', /只能是 JPG、PNG 图片或 PDF/);
    expectRefused(() => svc.add(batch, write('x.docx', Buffer.from('PK\u0003\u0004rest')), '其他'), 'wrong_type', /ZIP 格式/);
    expectRefused(() => svc.add(batch, write('empty.pdf', Buffer.alloc(0)), '其他'), 'unreadable', /空文件/);
    expectRefused(() => svc.add(batch, write('big.pdf', Buffer.concat([PDF, Buffer.alloc(5000)])), '其他'), 'too_large', /超过每个文件/);
    expectRefused(() => svc.add(batch, write('a.pdf', PDF), '随便'), 'bad_kind', /三定方案、在编证明/);
    expect(svc.list(batch.id)).toEqual([]);
    expect((db.prepare('SELECT COUNT(*) AS c FROM blobs').get() as { c: number }).c).toBe(0);
    svc.add(batch, write('1.pdf', PDF), '其他');
    svc.add(batch, write('2.jpg', jpeg), '其他');
    expectRefused(() => svc.add(batch, write('3.pdf', PDF), '其他'), 'too_many', /最多上传 2 个/);
  });

  it('never uses a name from the clerk as a path', async () => {
    const { svc, batch, write, blobs, dir } = await setup();
    const hostile = write('sub/..\\..\\evil name 证明.pdf', PDF);
    const e = svc.add(batch, hostile, '其他');
    expect(e.fileName).toBe('..\\..\\evil name 证明.pdf'.split('\\').pop());
    expect(blobs.pathOf(e.sha256).startsWith(path.join(dir, 'blobs'))).toBe(true);
    expect(displayName('../../x.jpg')).toBe('x.jpg');
    expect(displayName('a\u0000b\u0007.pdf')).toBe('ab.pdf');
    // A right-to-left override would show "gpj.exe" as "exe.jpg"; bidi and other invisible characters go.
    expect(displayName('\u202egpj.exe')).toBe('gpj.exe');
    expect(svc.add(batch, write('\u202e说明\u200b.bat', PDF), '其他').fileName).toBe('说明.pdf');
  });

  it('a renewal batch needs evidence before it can go out; a submitted batch takes no more', async () => {
    const { db, svc, batch, write } = await setup('renewal');
    expect(svc.problems(batch)).toEqual([expect.stringMatching(/换证人员批次，必须上传佐证资料/)]);
    const e = svc.add(batch, write('原证件.pdf', PDF), '原证件');
    expect(svc.problems(batch)).toEqual([]);
    db.prepare("UPDATE batches SET status = 'submitted' WHERE id = ?").run(batch.id);
    const submitted = getBatch(db, batch.id)!;
    expect(() => svc.add(submitted, write('more.pdf', PDF), '其他')).toThrow(/已提交/);
    expect(() => svc.remove(submitted, e.id)).toThrow(/已提交/);
  });

  it('removes a file from the batch and audits it; the stored bytes are untouched', async () => {
    const { db, svc, batch, write, blobs } = await setup();
    const e = svc.add(batch, write('a.pdf', PDF), '其他');
    svc.remove(batch, e.id);
    expect(svc.list(batch.id)).toEqual([]);
    expect(blobs.has(e.sha256)).toBe(true);
    expect(auditFor(db, 'evidence', String(e.id)).map((a) => a.action)).toEqual(['evidence.add', 'evidence.remove']);
    expect(() => svc.remove(batch, e.id)).toThrow(/找不到/);
  });

  it('a damaged stored file is reported, not returned', async () => {
    const { svc, batch, write, blobs } = await setup();
    const e = svc.add(batch, write('a.pdf', PDF), '其他');
    fs.writeFileSync(blobs.pathOf(e.sha256), Buffer.from('%PDF-garbage'));
    expect(() => blobs.read(e.sha256)).toThrow(/已损坏/);
  });
});

describe('cli evidence', () => {
  it('adds good files, reports the bad one in Chinese, and lists them', async () => {
    const { runCli } = await import('../helpers/run-cli.js');
    const { validRow, writeTemplate } = await import('../helpers/template-workbook.js');
    const dir = path.join(root, 'cli-data');
    const src = path.join(root, 'cli-src.xlsx');
    await writeTemplate(src, [validRow()], { kind: 'renewal' });
    const imported = JSON.parse((await runCli(['import', '--data', dir, src, '--json'])).stdout) as { batch: { number: string } };
    const number = imported.batch.number;
    const pdf = path.join(root, '原证件 扫描.pdf');
    fs.writeFileSync(pdf, PDF);
    const txt = path.join(root, 'notes.pdf');
    fs.writeFileSync(txt, '不是 PDF');
    const before = (await runCli(['evidence', 'list', '--data', dir, '--batch', number])).stdout;
    expect(before).toMatch(/0 个文件[\s\S]*必须上传佐证资料/);
    const r = await runCli(['evidence', 'add', '--data', dir, '--batch', number, '--kind', '原证件', pdf, txt]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已添加 原证件“原证件 扫描.pdf”');
    expect(r.stderr).toMatch(/“notes.pdf”未添加：.*只能是 JPG、PNG 图片或 PDF/);
    const after = (await runCli(['evidence', 'list', '--data', dir, '--batch', number])).stdout;
    expect(after).toMatch(/1 个文件\n1\t原证件\t原证件 扫描.pdf/);
    expect(after).not.toMatch(/必须上传/);
    expect((await runCli(['evidence', 'add', '--data', dir, '--batch', number, '--kind', '原证件', txt])).code).toBe(2);
    expect((await runCli(['evidence', 'add', '--data', dir, '--batch', number, pdf])).stderr).toMatch(/--kind/);
  });
});
