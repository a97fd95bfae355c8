import { z } from 'zod';

/** 佐证资料 kinds, from the two provinces' documents. */
export const EVIDENCE_KINDS = ['三定方案', '在编证明', '委托书', '原证件', '成绩证明', '其他'] as const;
export const evidenceKindSchema = z.enum(EVIDENCE_KINDS);
export type EvidenceKind = z.infer<typeof evidenceKindSchema>;

/** The manual's web system takes at most 8 files per batch; a setting may change it. */
export const DEFAULT_EVIDENCE_MAX_FILES = 8;
export const DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
