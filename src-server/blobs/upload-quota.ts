import type { Usage } from './blob-owners-store.js';

/** One upload under way, counted against its unit's quota until it has committed (or failed). */
interface Held {
  sha256: string;
  bytes: number;
}

/**
 * The per-unit quota on files no batch names yet, counting the uploads under way in this process too
 * (between their check and their commit), so that many sent at once cannot together pass it.
 *
 * The committed files come from the database, the ones under way from memory, and each is counted
 * once whatever the moment it commits: the database is asked for its sum without the files under
 * way at that moment (`usage(besides)`), and all of those are added from memory, also one whose
 * commit and release came while the question was out. An upload that started meanwhile is added
 * too (it may have committed already: counted twice at worst, never missed).
 */
export class UploadQuota {
  private readonly held = new Map<number, Set<Held>>();

  constructor(private readonly limits: Usage) {}

  /**
   * Holds a place for the upload, or answers the usage that refuses it (files and bytes, the ones
   * under way included). Call `release` once the upload has committed or failed.
   */
  async reserve(
    unitId: number,
    sha256: string,
    bytes: number,
    usage: (besides: readonly string[]) => Promise<Usage>,
  ): Promise<{ release: () => void } | { refused: Usage }> {
    const before = [...(this.held.get(unitId) ?? [])];
    const stored = await usage(before.map((h) => h.sha256));
    const underWay = new Set([...before, ...(this.held.get(unitId) ?? [])]);
    const used = { bytes: stored.bytes, files: stored.files };
    for (const h of underWay) {
      used.bytes += h.bytes;
      used.files += 1;
    }
    if (used.bytes + bytes > this.limits.bytes || used.files + 1 > this.limits.files) return { refused: used };
    const mine: Held = { sha256, bytes };
    let set = this.held.get(unitId);
    if (!set) this.held.set(unitId, (set = new Set()));
    set.add(mine);
    const s = set;
    return {
      release: () => {
        s.delete(mine);
        if (s.size === 0 && this.held.get(unitId) === s) this.held.delete(unitId);
      },
    };
  }
}
