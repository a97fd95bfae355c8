import { expect } from 'vitest';

const CHINESE_TEXT = /[\u4e00-\u9fff]/;

/** A handler's answer that must be ok: its value, or the test fails with the handler's own message. */
export async function ok<T>(answer: Promise<{ ok: boolean }>): Promise<T> {
  const r = (await answer) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!r.ok) throw new Error(`expected ok, got ${r.error.message}`);
  return r.value;
}

/** A handler's answer that must be a refusal with this code (or a code matching it) and a Chinese message: the message. */
export async function refused(answer: Promise<{ ok: boolean }>, code: string | RegExp): Promise<string> {
  const r = (await answer) as { ok: false; error: { code: string; message: string } };
  expect(r.ok).toBe(false);
  if (typeof code === 'string') expect(r.error.code).toBe(code);
  else expect(r.error.code).toMatch(code);
  expect(r.error.message).toMatch(CHINESE_TEXT);
  return r.error.message;
}
