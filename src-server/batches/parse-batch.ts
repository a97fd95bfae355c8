import { batchPersonSchema, batchPutEnvelopeSchema, batchPutProblems, type BatchPerson, type BatchPutRequest } from '../../src-shared/contract/sync-api.js';
import { fallbackMessage } from '../api-route.js';
import { ApiError } from '../errors.js';

/**
 * A PUT /batches body checked against batchPutRequestSchema, but a person at a time with `tick`
 * awaited between people (CpuLane), so that 5,000 people do not hold the event loop for the 100 ms
 * and more the whole schema takes. The same result and the same Chinese messages; a refusal is a 400
 * `request.invalid` with the first problem's message (the envelope's problems before the people's).
 */
export async function parseBatchRequest(body: unknown, tick: () => Promise<void>): Promise<BatchPutRequest> {
  const envelope = batchPutEnvelopeSchema.safeParse(body, { error: (iss) => fallbackMessage(iss) });
  if (!envelope.success) throw new ApiError(400, 'request.invalid', envelope.error.issues[0]!.message);
  const persons: BatchPerson[] = [];
  for (const [i, raw] of envelope.data.persons.entries()) {
    await tick();
    const p = batchPersonSchema.safeParse(raw, { error: (iss) => fallbackMessage({ ...iss, path: ['persons', i, ...(iss.path ?? [])] }) });
    if (!p.success) throw new ApiError(400, 'request.invalid', p.error.issues[0]!.message);
    persons.push(p.data);
  }
  const request: BatchPutRequest = { ...envelope.data, persons };
  const problem = batchPutProblems(request)[0];
  if (problem) throw new ApiError(400, 'request.invalid', problem.message);
  return request;
}
