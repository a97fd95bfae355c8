import { createHash } from 'node:crypto';
import type { BatchPutRequest } from '../src-shared/contract/sync-batches.js';

/**
 * The SHA-256 of what a batch contains, computed the same way by the desktop (over the body it would
 * send) and by the server (over the body it accepted), so that "is the server's copy the same as mine?"
 * is one HEAD request answered with an ETag, not the whole batch sent again.
 *
 * Only content counts: the kind, name, number and time of the batch, each person's key, fields and
 * photo, and the evidence. `rulesVersion` (which checker the desktop used) and a person's `resubmit`
 * flag (an instruction for this one request) are left out, so an upgrade of the desktop or a finished
 * resubmission does not make an unchanged batch look changed. Keys are sorted at every level, so the
 * order an object was built in does not matter either. A difference the two sides see differently
 * (a name the server cleans, say) only costs a normal push, which the server answers "unchanged".
 */
export function batchContentSha256(request: BatchPutRequest): string {
  const content = {
    kind: request.kind,
    name: request.name,
    number: request.number,
    createdAt: request.createdAt,
    persons: request.persons.map(personContent),
    evidence: request.evidence,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

function personContent(p: BatchPutRequest['persons'][number]) {
  return { key: p.key, fields: p.fields, photo: p.photo };
}

/**
 * The same hash, a person at a time with `await tick()` before each: for the server, where hashing a
 * 5,000-person batch in one go holds the event loop for 100 ms and more (its CPU lane turns the loop
 * between slices). It feeds the hash exactly the bytes `batchContentSha256` hashes: `persons` is the
 * last key in sorted order, so the canonical JSON is the other members, then the people one by one.
 */
export async function batchContentSha256InSlices(request: BatchPutRequest, tick: () => Promise<void>): Promise<string> {
  const rest = canonicalJson({ kind: request.kind, name: request.name, number: request.number, createdAt: request.createdAt, evidence: request.evidence });
  const hash = createHash('sha256').update(`${rest.slice(0, -1)},"persons":[`);
  for (let i = 0; i < request.persons.length; i++) {
    await tick();
    hash.update(`${i > 0 ? ',' : ''}${canonicalJson(personContent(request.persons[i]!))}`);
  }
  return hash.update(']}').digest('hex');
}

/** JSON with object keys sorted at every level; undefined members are left out, as JSON.stringify does. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
