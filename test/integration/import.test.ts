import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore, DB_FILE } from '../../src-main/store/open-store.js';
import { RegistrationService, ServiceError } from '../../src-main/services/registration-service.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { auditFor } from '../../src-main/store/audit-log.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { cliArgv, cliEnv, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeId } from '../helpers/ids.js';
import { generateTemplate } from '../helpers/large-template.js';

/** Importing into the real store: one transaction, no double import, duplicates across batches, edits. */
const root = tempDir('zfbm-import-');
let n = 0;
const freshDir = () => path.join(root, `data-${++n}`);
const file = (name: string) => path.join(root, name);

const tables = loadCodeTables();
function service(dir: string) {
  const db = openStore(dir);
  let t = Date.UTC(2026, 10, 23, 1, 0, 0);
  const svc = new RegistrationService(db, { tables, actor: { name: '测试员', now: () => new Date((t += 1000)) }, today: () => '2026-11-23' });
  return { db, svc };
}

describe('import', () => {
  it('stores every row of a file, raw and normalised, with its findings', async () => {
    const f = file('people.xlsx');
    const bad = validRow({ political: 2, idNumber: '350102199103051234' });
    await writeTemplate(f, [validRow(), bad, validRow({ name: '张 三' })]);
    const { db, svc } = service(freshDir());
    const r = await svc.importFile(f);
    expect(r.unchanged).toBe(false);
    // Everyone counts until their photo is imported (issue 17); the row with a wrong ID is the one with an error of its own.
    expect(r.batch).toMatchObject({ kind: 'new', persons: 3, invalid: 3, noPhoto: 3, status: 'draft', sourceFile: 'people.xlsx' });
    expect(r.batch.number).toMatch(/^XZZF\d{8}-\d{6}$/);
    expect(r.batch.name).toMatch(/^行政执法人员\d{4}-\d{2}-\d{2}\d{2}批次$/);
    const people = svc.listPersons(r.batch.number);
    expect(people.map((p) => p.rowNumber)).toEqual([3, 4, 5]);
    expect(people[1]!.raw.political).toBe(2);
    expect(people[1]!.fields.political).toBe('02');
    expect(people[1]!.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['code.padded', 'id.checksum']));
    expect(people[1]!.errorCount).toBe(1);
    expect(people[2]!.fields.name).toBe('张三');
    expect(auditFor(db, 'batch', r.batch.id)).toEqual([expect.objectContaining({ action: 'batch.import', actor: '测试员' })]);
    db.close();
  });

  it('importing the same file again changes nothing', async () => {
    const f = file('twice.xlsx');
    await writeTemplate(f, [validRow(), validRow()]);
    const { db, svc } = service(freshDir());
    const first = await svc.importFile(f);
    const counts = () => db.prepare('SELECT (SELECT COUNT(*) FROM batches) AS b, (SELECT COUNT(*) FROM persons) AS p, (SELECT COUNT(*) FROM audit_log) AS a').get();
    const before = counts();
    const again = await svc.importFile(f);
    expect(again.unchanged).toBe(true);
    expect(again.batch.id).toBe(first.batch.id);
    expect(counts()).toEqual(before);
    db.close();
  });

  it('a person already in another open batch is id.duplicate naming that batch and row', async () => {
    const shared = validRow();
    const a = file('a.xlsx');
    const b = file('b.xlsx');
    await writeTemplate(a, [validRow(), shared]);
    await writeTemplate(b, [shared, validRow()]);
    const { db, svc } = service(freshDir());
    const first = await svc.importFile(a);
    const second = await svc.importFile(b);
    const dup = svc.listPersons(second.batch.id)[0]!.issues.find((i) => i.code === 'id.duplicate');
    expect(dup?.message).toContain(first.batch.number);
    expect(dup?.message).toContain('第 4 行');
    expect(svc.listPersons(second.batch.id)[1]!.issues).toEqual([]);
    // Once the batches holding them are closed, the person may be registered again.
    db.prepare("UPDATE batches SET status = 'closed' WHERE id IN (?, ?)").run(first.batch.id, second.batch.id);
    const c = file('c.xlsx');
    await writeTemplate(c, [shared]);
    expect(svc.listPersons((await svc.importFile(c)).batch.id)[0]!.issues).toEqual([]);
    db.close();
  });

  it('a file that cannot be read changes nothing', async () => {
    const dir = freshDir();
    const { db, svc } = service(dir);
    await svc.importFile(await (async () => { const f = file('ok.xlsx'); await writeTemplate(f, [validRow()]); return f; })());
    fs.writeFileSync(file('broken.xlsx'), 'PK\u0003\u0004 not really a zip');
    await expect(svc.importFile(file('broken.xlsx'))).rejects.toThrow(/损坏|不是 Excel/);
    expect(svc.listBatches()).toHaveLength(1);
    db.close();
  });

  it('through the CLI: import, re-import, batches', async () => {
    const dir = freshDir();
    const f = file('cli.xlsx');
    await writeTemplate(f, [validRow(), validRow({ ethnicity: '' })]);
    const r1 = await runCli(['import', '--data', dir, f]);
    expect(r1.code).toBe(0);
    expect(r1.stdout).toMatch(/已导入到新批次 XZZF\d{8}-\d{6}.*共 2 人，2 人有错误需要修改（其中 2 人还没有照片，请用 photos import 导入）/);
    const r2 = await runCli(['import', '--data', dir, f, '--json']);
    expect(JSON.parse(r2.stdout)).toMatchObject({ unchanged: true, batch: { persons: 2, invalid: 2, noPhoto: 2 } });
    const r3 = await runCli(['batches', '--data', dir]);
    expect(r3.stdout).toMatch(/序号\t批次名称\t批次号\t数量/);
    expect(r3.stdout).toContain('共有 1 条数据');
    const r4 = await runCli(['import', f]);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toMatch(/--data/);
  });
});

describe('a killed import leaves the store as it was', () => {
  const big = file('big.xlsx');
  const small = file('small.xlsx');

  /** Starts a CLI import and SIGKILLs it when stderr shows `when`; resolves once it is dead. */
  function killDuring(dir: string, when: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, cliArgv(['import', '--data', dir, big, '--progress']), {
        cwd: REPO_ROOT,
        env: cliEnv(),
      });
      let seen = '';
      child.stderr.on('data', (d: Buffer) => {
        seen += d.toString();
        if (when.test(seen) && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`import finished before the kill (${code}): ${seen}`))));
    });
  }

  it.each([
    ['while reading', /已读取并检查 1000 /],
    ['at the start of saving', /已保存 500\//],
    ['half way through saving', /已保存 6000\//],
  ])('%s', async (_label, when) => {
    if (!fs.existsSync(big)) await generateTemplate(big, 13_000);
    if (!fs.existsSync(small)) await writeTemplate(small, [validRow(), validRow()]);
    const dir = freshDir();
    expect((await runCli(['import', '--data', dir, small])).code).toBe(0);
    const snapshot = () => {
      const db = new Database(path.join(dir, DB_FILE), { readonly: true });
      const s = db.prepare('SELECT (SELECT COUNT(*) FROM batches) AS b, (SELECT COUNT(*) FROM persons) AS p, (SELECT COUNT(*) FROM audit_log) AS a').get();
      db.close();
      return s;
    };
    const before = snapshot();
    await killDuring(dir, when);
    // The next open recovers from the WAL; the half-done transaction is gone.
    const db = openStore(dir);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(snapshot()).toEqual(before);
    // And the same import, run to the end, works.
    const done = await runCli(['import', '--data', dir, big, '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ unchanged: false, batch: { persons: 13_000 } });
  });
});

describe('adding and editing one person', () => {
  it('derives gender from the ID, re-checks on every edit and audits each changed field', async () => {
    const f = file('edit.xlsx');
    await writeTemplate(f, [validRow()]);
    const { db, svc } = service(freshDir());
    const { batch } = await svc.importFile(f);
    const id = makeId('19880214', '246');
    const added = svc.addPerson(batch.number, {
      county: '福州市', name: '林芳', agency: '福州市市场监督管理局', idNumber: id.slice(0, 17) + (id.endsWith('0') ? '1' : '0'),
      ethnicity: '汉族', political: '13', education: '大学本科', rankCode: '020201', isLawMajor: '否', hasLegalQualification: '否',
      posts: '02', examCategory: '综合法律知识考试',
    });
    expect(added.rowNumber).toBeNull();
    expect(added.fields.gender).toBe('女');
    expect(added.fields.birthDate).toBe('1988-02-14');
    expect(added.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['id.checksum']));

    const fixed = svc.updatePerson(added.id, { idNumber: id });
    expect(fixed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(fixed.errorCount).toBe(0);
    const audit = auditFor(db, 'person', String(added.id));
    expect(audit.map((a) => a.action)).toEqual(['person.add', 'person.update']);
    expect(audit[1]).toMatchObject({ field: 'idNumber', newValue: id, actor: '测试员' });
    expect(audit[1]!.oldValue).not.toBe(id);

    // Giving them the ID of someone else in the batch is a duplicate.
    const other = svc.listPersons(batch.id)[0]!;
    expect(svc.updatePerson(added.id, { idNumber: other.fields.idNumber }).issues.map((i) => i.code)).toContain('id.duplicate');

    expect(() => svc.updatePerson(added.id, { notAField: 'x' })).toThrow(ServiceError);
    expect(() => svc.updatePerson(999_999, { name: '王五' })).toThrow(/找不到/);
    db.prepare("UPDATE persons SET status = 'submitted' WHERE id = ?").run(added.id);
    expect(() => svc.updatePerson(added.id, { name: '王五' })).toThrow(/已提交审核/);
    db.close();
  });
});
