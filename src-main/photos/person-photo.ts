import fs from 'node:fs';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { PhotoSpec } from '../../src-shared/photo-spec.js';
import { FILE_TYPE_MIME, sniffFileType } from '../../src-shared/file-type.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { MAX_PHOTO_FILE_BYTES } from './check-photos.js';
import { fixPhoto } from './fix-photo.js';
import { inspectPhoto } from './inspect-photo.js';
import type { PhotoService, StoredPhoto } from './photo-service.js';
import { displayName } from '../evidence/evidence-service.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * One person's photo from the person form: choose a file for them, or 一键修正 the one they have.
 * Both store the new bytes content-addressed and make them the current photo (the old one stays
 * in the history); the original file on disk is never changed.
 */

export class PersonPhotoError extends CodedError<'photo'> {
  override name = 'PersonPhotoError';
  constructor(message: string) {
    super('photo', message, { userFacing: true });
  }
}

export interface PhotoFixOutcome {
  photo: StoredPhoto;
  changed: boolean;
  /** Chinese, one line per thing done. */
  actions: string[];
  /** What the fix could not change (a wrong background, greyscale). */
  unfixable: Issue[];
}

export class PersonPhotos {
  constructor(
    private readonly photos: PhotoService,
    private readonly blobs: BlobStore,
  ) {}

  async attachFile(personId: number, file: string, spec: PhotoSpec, now: Date): Promise<StoredPhoto> {
    const name = displayName(file);
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      throw new PersonPhotoError(`找不到照片文件“${name}”，请重新选择。`);
    }
    if (size > MAX_PHOTO_FILE_BYTES) throw new PersonPhotoError(`“${name}”有 ${(size / 1024 / 1024).toFixed(0)} MB，不像一张证件照。请换成正确的照片文件。`);
    const bytes = fs.readFileSync(file);
    const inspection = await inspectPhoto({ bytes, fileName: name }, spec);
    if (!inspection.readable) {
      throw new PersonPhotoError(inspection.issues[0]?.message ?? `“${name}”不是能打开的照片，请换一张 JPG 或 PNG 照片。`);
    }
    return this.store(personId, bytes, name, inspection.issues, now);
  }

  async fixCurrent(personId: number, spec: PhotoSpec, idNumber: string, now: Date): Promise<PhotoFixOutcome> {
    const current = this.photos.current(personId);
    if (!current) throw new PersonPhotoError('此人还没有照片，请先点“选择照片”或在批次中“照片导入”。');
    const fixed = await fixPhoto({ bytes: this.blobs.read(current.sha256), fileName: current.fileName }, spec);
    if (!fixed.bytes || !fixed.after) {
      throw new PersonPhotoError(`这张照片无法自动修正：${fixed.unfixable[0]?.message ?? '请换一张清晰、尺寸足够的照片。'}`);
    }
    if (!fixed.changed) return { photo: current, changed: false, actions: fixed.actions, unfixable: fixed.unfixable };
    // Named as the spec asks (身份证号 + the right extension), so the server and reviewers see the usual name.
    const fileName = `${idNumber || current.fileName.replace(/\.[^.]*$/, '')}${fixed.extension}`;
    const photo = this.store(personId, fixed.bytes, fileName, fixed.after.issues, now);
    return { photo, changed: true, actions: fixed.actions, unfixable: fixed.unfixable };
  }

  private store(personId: number, bytes: Buffer, fileName: string, issues: Issue[], now: Date): StoredPhoto {
    const sha = this.blobs.put(bytes, FILE_TYPE_MIME[sniffFileType(bytes.subarray(0, 32))], now);
    this.photos.setCurrent(personId, sha, fileName, issues);
    return this.photos.current(personId)!;
  }
}
