/** Any one method of a handler group, as the dispatcher calls it (with input its contract parsed). */
export type AnyHandler = (input: never) => unknown;

/**
 * The handler groups as one table. Two groups implementing the same method is a mistake that a
 * spread (`{...a, ...b}`) would hide, the later one silently winning: refused here, naming the method.
 */
export function mergeHandlers(groups: ReadonlyArray<Readonly<Record<string, AnyHandler>>>): Map<string, AnyHandler> {
  const merged = new Map<string, AnyHandler>();
  for (const group of groups) {
    for (const [method, handler] of Object.entries(group)) {
      if (merged.has(method)) throw new Error(`desktop-api: “${method}” is implemented by two handler groups; keep it in ${method.split('.')[0]}-handlers only.`);
      merged.set(method, handler);
    }
  }
  return merged;
}

/**
 * Checks that `handlers` implements every method of the contract and nothing else: a method without a
 * handler would only show when the window calls it, one the contract lacks could never be called.
 */
export function checkAgainstContract(handlers: ReadonlyMap<string, AnyHandler>, methods: readonly string[]): void {
  const missing = methods.filter((m) => !handlers.has(m));
  if (missing.length) throw new Error(`desktop-api: no handler for ${missing.join(', ')}`);
  const known = new Set(methods);
  const extra = [...handlers.keys()].filter((m) => !known.has(m));
  if (extra.length) throw new Error(`desktop-api: handlers for methods the contract does not have: ${extra.join(', ')}`);
}
