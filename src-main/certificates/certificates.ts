import { certNumberProblem, checkUnitCode, DEFAULT_CERT_PATTERN, formatCertNumber, parseCertPattern, type CertPattern } from '../../src-shared/cert-number-pattern.js';
import { chineseDay } from '../../src-shared/exam-status.js';
import { certificateValidity } from '../../src-shared/rules/certificate-validity.js';
import {
  CERTIFICATE_PEOPLE_MAX,
  certificateRuleSchema,
  type CertificateGroup,
  type CertificateNumberingRequest,
  type CertificatePerson,
  type CertificatePreview,
  type CertificateRule,
  type CertificatesView,
} from '../../src-shared/contract/desktop-certificates-api.js';
import { CodedError } from '../../src-shared/coded-error.js';
import { knownExams } from '../exams/local-exams.js';
import { recordAudit } from '../store/audit-log.js';
import { localIso, type Actor } from '../store/clock.js';
import { deleteUnuploaded, holderOf, insertCertificate, passedPeople, type PassedPerson } from '../store/certificates-repo.js';
import type { Db } from '../store/open-store.js';
import { readSetting, writeSetting } from '../store/settings-repo.js';

/**
 * 取证 on the desktop: the passed people grouped by exam, each with the validity their certificate
 * would have (the exam's 公告 date + 5 years, ended by retirement: the same function the server runs),
 * the unit's numbering rule, the preview and the saving of numbers. Saved numbers are never touched
 * again here: a preview numbers only the people without one, from the rule's next sequence number.
 */

export class CertificateError extends CodedError<'invalid_input' | 'certificate.nothing' | 'certificate.duplicate'> {
  override name = 'CertificateError';
  constructor(code: CertificateError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}

const RULE_KEY = 'certificates.rule';
const DEFAULT_RULE: CertificateRule = { pattern: DEFAULT_CERT_PATTERN, unitCode: '', start: 1 };

export function savedRule(db: Db): CertificateRule {
  const text = readSetting(db, RULE_KEY);
  if (!text) return DEFAULT_RULE;
  try {
    return certificateRuleSchema.parse(JSON.parse(text));
  } catch {
    return DEFAULT_RULE;
  }
}

function scoreOf(json: string): string {
  try {
    const v = JSON.parse(json) as { score?: unknown };
    return typeof v.score === 'string' ? v.score : '';
  } catch {
    return '';
  }
}

function personView(p: PassedPerson, announcedOn: string | null, hasExam: boolean): CertificatePerson {
  const base = { personId: p.personId, name: p.name, idNumber: p.idNumber, gender: p.gender, agency: p.agency, batchNumber: p.batchNumber, score: scoreOf(p.scoreJson) };
  if (p.certNo !== null) {
    const v = announcedOn ? certificateValidity({ announcedOn, birthDate: p.birthDate, gender: p.gender }) : undefined;
    return {
      ...base, certNo: p.certNo, validFrom: p.validFrom ?? '', validTo: p.validTo ?? '',
      cappedByRetirement: v?.ok === true && v.cappedByRetirement && v.validTo === p.validTo, problem: '', uploadedAt: p.uploadedAt ?? '',
    };
  }
  const none = { ...base, certNo: '', validFrom: '', validTo: '', cappedByRetirement: false, uploadedAt: '' };
  if (!hasExam) return { ...none, problem: '所在批次没有对应的考试，无法确定有效期，请联系司法局。' };
  if (!announcedOn) return { ...none, problem: '等待成绩合格确认公告日期：司法局填写后点“同步”即可编号。' };
  const v = certificateValidity({ announcedOn, birthDate: p.birthDate, gender: p.gender });
  if (!v.ok) return { ...none, problem: v.message };
  return { ...none, validFrom: v.validFrom, validTo: v.validTo, cappedByRetirement: v.cappedByRetirement, problem: '' };
}

/** 取证's list: passed people by exam (the newest exam first), bounded. */
export function certificatesView(db: Db): CertificatesView {
  const rows = passedPeople(db, CERTIFICATE_PEOPLE_MAX + 1);
  const truncated = rows.length > CERTIFICATE_PEOPLE_MAX;
  const exams = new Map(knownExams(db).map((e) => [e.id, e]));
  const groups = new Map<string, CertificateGroup>();
  for (const p of rows.slice(0, CERTIFICATE_PEOPLE_MAX)) {
    const key = String(p.examId);
    let g = groups.get(key);
    if (!g) {
      const exam = p.examId === null ? undefined : exams.get(p.examId);
      g = { examId: p.examId, examName: exam?.name ?? p.examName, resultsAnnouncedOn: exam?.resultsAnnouncedOn ?? null, people: [], numbered: 0, uploaded: 0 };
      groups.set(key, g);
    }
    const view = personView(p, g.resultsAnnouncedOn, p.examId !== null);
    g.people.push(view);
    if (view.certNo) g.numbered++;
    if (view.uploadedAt) g.uploaded++;
  }
  const rule = savedRule(db);
  return { rule, groups: [...groups.values()], truncated };
}

export function groupOf(view: CertificatesView, examId: number | null): CertificateGroup {
  const g = view.groups.find((x) => x.examId === examId);
  if (!g) throw new CertificateError('certificate.nothing', '这个考试没有考试合格的人员。请点“同步”获取最新成绩后再试。');
  return g;
}

function checkedRule(req: CertificateNumberingRequest): CertPattern {
  const parsed = parseCertPattern(req.pattern);
  if (!parsed.ok) throw new CertificateError('invalid_input', parsed.message);
  const codeProblem = checkUnitCode(parsed.pattern, req.unitCode);
  if (codeProblem) throw new CertificateError('invalid_input', codeProblem);
  return parsed.pattern;
}

/** The numbers the rule would give the people of the exam without one; changes nothing. */
export function previewNumbers(db: Db, req: CertificateNumberingRequest): CertificatePreview {
  const pattern = checkedRule(req);
  const group = groupOf(certificatesView(db), req.examId);
  const todo = group.people.filter((p) => !p.certNo && !p.problem);
  const kept = group.people.filter((p) => p.certNo).length;
  const waiting = group.people.filter((p) => !p.certNo && p.problem).length;
  if (todo.length === 0) return { rows: [], kept, waiting };
  const year = Number(group.resultsAnnouncedOn!.slice(0, 4));
  const seen = new Set<string>();
  const rows = todo.map((p, i) => {
    const certNo = formatCertNumber(pattern, { unitCode: req.unitCode.trim(), year, seq: req.start + i });
    const problem = certNumberProblem(certNo);
    if (problem) throw new CertificateError('invalid_input', problem);
    if (seen.has(certNo)) throw new CertificateError('certificate.duplicate', `按这个规则，${p.name}的证件号 ${certNo} 与前面的人重复了。请在规则里加大 {序号} 的位数。`);
    seen.add(certNo);
    if (holderOf(db, certNo) !== undefined) {
      throw new CertificateError('certificate.duplicate', `证件号 ${certNo} 已经保存给了别人，不能重复。请把起始序号改大（如改为 ${req.start + todo.length}），或修改编号规则。`);
    }
    return { personId: p.personId, name: p.name, idNumber: p.idNumber, certNo, validFrom: p.validFrom, validTo: p.validTo, cappedByRetirement: p.cappedByRetirement };
  });
  return { rows, kept, waiting };
}

/** 保存编号: the previewed numbers kept, the rule remembered with its next sequence number. */
export function saveNumbers(db: Db, actor: Actor, req: CertificateNumberingRequest): { saved: number } {
  return db
    .transaction(() => {
      const preview = previewNumbers(db, req);
      if (preview.rows.length === 0) {
        throw new CertificateError('certificate.nothing', preview.kept > 0 ? '这个考试合格的人员都已有证件号，无需再编号。' : '没有可以编号的人员（见每人的“说明”）。');
      }
      const savedAt = localIso(actor.now());
      for (const r of preview.rows) {
        insertCertificate(db, { personId: r.personId, certNo: r.certNo, validFrom: r.validFrom, validTo: r.validTo, pattern: req.pattern.trim(), savedAt });
        recordAudit(db, actor, { action: 'certificate.number', entity: 'person', entityId: String(r.personId), field: 'certNo', newValue: r.certNo, detail: `证件号 ${r.certNo}，有效期 ${chineseDay(r.validFrom)} 至 ${chineseDay(r.validTo)}` });
      }
      writeSetting(db, RULE_KEY, JSON.stringify({ pattern: req.pattern.trim(), unitCode: req.unitCode.trim(), start: req.start + preview.rows.length } satisfies CertificateRule));
      return { saved: preview.rows.length };
    })
    .immediate();
}

/**
 * 清除未上传的编号: an explicit request (the page confirms it first), never a side effect: the exam's
 * numbers not yet on the server go, so a new rule or start can number those people again.
 */
export function clearUnuploaded(db: Db, actor: Actor, examId: number | null): { cleared: number } {
  return db
    .transaction(() => {
      const people = groupOf(certificatesView(db), examId).people.filter((p) => p.certNo && !p.uploadedAt);
      if (people.length === 0) throw new CertificateError('certificate.nothing', '没有未上传的证件号可以清除；已上传的证件号不能在这里更改，如确需更改请联系司法局。');
      const cleared = deleteUnuploaded(db, people.map((p) => p.personId));
      for (const p of people) {
        recordAudit(db, actor, { action: 'certificate.clear', entity: 'person', entityId: String(p.personId), field: 'certNo', oldValue: p.certNo, detail: `清除未上传的证件号 ${p.certNo}` });
      }
      return { cleared };
    })
    .immediate();
}
