import type { AdminPhotoSpecView, AdminSettingsResponse, SettingSource } from '../../src-shared/contract/sync-api.js';
import { describePhotoSpec, type PhotoSpec, type PhotoSpecFile } from '../../src-shared/photo-spec.js';
import { loadPhotoSpecs } from '../../src-node/reference/photo-specs.js';
import type { Actor } from '../accounts/accounts.js';
import type { ServerConfig } from '../config.js';
import { recordAudit } from '../db/audit.js';
import { transaction, type Sql } from '../db/sql.js';
import type { ReferenceData } from '../reference/reference-data.js';
import { storedSettings, storeSetting } from './settings-store.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * The deployment settings in force: how many review levels, which photo spec. The server starts with
 * the flag / environment value (serverConfig.reviewStages, referenceData.photoSpec); once an
 * administrator chooses one in the console it is kept in the `settings` table and wins from then on,
 * across restarts. Read at every use, so a change takes effect at once for everything: GET
 * /reference, the photo check of PUT /batches, and where a newly submitted or approved person waits.
 */

const KEYS = { reviewStages: 'review_stages', photoSpec: 'photo_spec', feesEnabled: 'fees_enabled' } as const;

/** A choice that cannot be used; the message is Chinese and says what can. */
export class SettingsError extends CodedError<'settings'> {
  override name = 'SettingsError';
  constructor(message: string) {
    super('settings', message, { userFacing: true });
  }
}

export interface SettingsChange {
  reviewStages?: 1 | 2 | undefined;
  photoSpec?: string | undefined;
  feesEnabled?: boolean | undefined;
}

/** What an administrator chose (undefined: nothing, or nothing usable); the flags fill the rest. */
interface Chosen {
  stages: 1 | 2 | undefined;
  spec: PhotoSpec | undefined;
  /** As stored: '1' on, '0' off. */
  fees: string | undefined;
}

const sourceOf = (choice: unknown): SettingSource => (choice === undefined ? 'config' : 'admin');

export class DeploymentSettings {
  private readonly specs: readonly PhotoSpec[];

  constructor(
    private readonly db: Sql,
    /** Live objects (not copies): the flag values when nothing was chosen. */
    private readonly config: Pick<ServerConfig, 'reviewStages'>,
    private readonly reference: Pick<ReferenceData, 'photoSpec'>,
    specs: PhotoSpecFile = loadPhotoSpecs(),
  ) {
    this.specs = specs.specs;
  }

  /**
   * The administrator's choices, read from the database in one query at each use (another server
   * process may have changed them); a stored choice that is no longer usable (a photo profile gone in
   * an upgrade) counts as none.
   */
  private async chosen(): Promise<Chosen> {
    const stored = await storedSettings(this.db);
    const stages = stored.get(KEYS.reviewStages);
    const spec = stored.get(KEYS.photoSpec);
    return {
      stages: stages === '1' ? 1 : stages === '2' ? 2 : undefined,
      spec: spec === undefined ? undefined : this.specs.find((s) => s.name === spec),
      fees: stored.get(KEYS.feesEnabled),
    };
  }

  /** 1: the bureau the unit is under decides; 2: county first, then city. */
  async reviewStages(): Promise<1 | 2> {
    return (await this.chosen()).stages ?? this.config.reviewStages;
  }

  /** The photo spec photos are checked against and desktops are told about. */
  async photoSpec(): Promise<PhotoSpec> {
    return (await this.chosen()).spec ?? this.reference.photoSpec;
  }

  /**
   * 交费 (issue 19): batches carry 交费信息 and study accounts wait for 已交费. Off unless an
   * administrator turned it on, so deployments from before it work as they did.
   */
  async feesEnabled(): Promise<boolean> {
    return (await this.chosen()).fees === '1';
  }

  /**
   * Keeps the administrator's choice (each setting given), with one audit line per setting, in one
   * transaction. Throws SettingsError for an unknown photo spec, before anything is written.
   */
  async update(change: SettingsChange, actor: Actor): Promise<void> {
    const writes: Array<{ key: string; value: string; previous: string | number; previousSource: SettingSource }> = [];
    const now = await this.chosen();
    if (change.reviewStages !== undefined) {
      writes.push({ key: KEYS.reviewStages, value: String(change.reviewStages), previous: now.stages ?? this.config.reviewStages, previousSource: sourceOf(now.stages) });
    }
    if (change.photoSpec !== undefined) {
      const id = change.photoSpec.trim();
      if (!this.specs.some((s) => s.name === id)) {
        const list = this.specs.map((s) => `${s.name}（${s.title}）`).join('、');
        throw new SettingsError(`没有名为“${id.slice(0, 64)}”的照片规格。可以选择：${list}。请从中选一个后重试。`);
      }
      writes.push({ key: KEYS.photoSpec, value: id, previous: (now.spec ?? this.reference.photoSpec).name, previousSource: sourceOf(now.spec) });
    }
    if (change.feesEnabled !== undefined) {
      writes.push({ key: KEYS.feesEnabled, value: change.feesEnabled ? '1' : '0', previous: now.fees === '1' ? 1 : 0, previousSource: sourceOf(now.fees) });
    }
    if (writes.length === 0) return;
    const at = actor.now();
    await transaction(this.db, async (t) => {
      for (const w of writes) {
        await storeSetting(t, w.key, w.value, at, actor.userId);
        await recordAudit(t, {
          at,
          actorUserId: actor.userId,
          actor: actor.name,
          action: 'setting.update',
          entity: 'setting',
          entityId: w.key,
          detail: { value: w.value, previous: w.previous, previousSource: w.previousSource },
          ...(actor.ip !== undefined ? { ip: actor.ip } : {}),
        });
      }
    });
  }

  /** What GET / PUT /admin/settings answer, from one read of the choices. */
  async view(): Promise<AdminSettingsResponse> {
    const now = await this.chosen();
    return {
      reviewStages: now.stages ?? this.config.reviewStages,
      photoSpec: photoSpecView(now.spec ?? this.reference.photoSpec),
      photoSpecs: this.specs.map((s) => ({ id: s.name, name: s.title, summary: specSummary(s) })),
      source: { reviewStages: sourceOf(now.stages), photoSpec: sourceOf(now.spec) },
      feesEnabled: now.fees === '1',
    };
  }

}

/** describePhotoSpec without the title in front: 'PNG 格式，至少 402×461 像素…'. */
function specSummary(spec: PhotoSpec): string {
  const line = describePhotoSpec(spec);
  return line.startsWith(`${spec.title}：`) ? line.slice(spec.title.length + 1) : line;
}

function photoSpecView(spec: PhotoSpec): AdminPhotoSpecView {
  return {
    id: spec.name,
    name: spec.title,
    summary: specSummary(spec),
    formats: [...spec.formats],
    pixels: spec.pixels,
    minBytes: spec.minBytes ?? null,
    maxBytes: spec.maxBytes,
    minDpi: spec.minDpi ?? null,
    background: spec.background,
    color: spec.color,
  };
}
