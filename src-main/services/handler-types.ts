import type { z } from 'zod';
import type { DESKTOP_API, DesktopMethod, DesktopOutput } from '../../src-shared/contract/desktop-api.js';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import type { RegistrationService } from './registration-service.js';
import type { PhotoService } from '../photos/photo-service.js';
import type { SyncService } from '../sync/sync-service.js';
import type { EvidenceService } from '../evidence/evidence-service.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { ProgressHub } from './progress-hub.js';
import type { PullResult } from '../sync/pull-news.js';

/** What one desktop-api method does, given its parsed input. */
export type MethodImpl<M extends DesktopMethod> = (input: z.output<(typeof DESKTOP_API)[M]['input']>) => Promise<DesktopOutput<M>> | DesktopOutput<M>;

/** A group of methods, implemented in its own file (`<prefix>-handlers.ts`) and merged by mergeHandlers. */
export type ImplFor<K extends DesktopMethod> = { [M in K]: MethodImpl<M> };

/** What the handler groups work with: the store, the services over it, and where faults of ours go. */
export interface DesktopDeps {
  db: Db;
  /** A service over the code tables in force now (they change when a pull brings new ones). */
  registration: () => RegistrationService;
  photos: PhotoService;
  blobs: BlobStore;
  evidence: EvidenceService;
  actor: Actor;
  /** Today's date here (YYYY-MM-DD) by the injected clock: exam states and deadlines (issue 19). */
  today: () => string;
  sync: SyncService;
  progress: ProgressHub;
  /** Tells the background pusher that a job may go now (submitted, signed in). */
  kickOutbox?: () => void;
  /** The background puller: 同步 goes through it, so a click and a background pull never run together. */
  puller?: { pullNow(): Promise<PullResult>; nudge(): void; readonly busy: boolean };
  log?: (message: string, error: unknown) => void;
}
