import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CodedError } from '../../src-shared/coded-error.js';
import { desktopErrorOf } from '../../src-main/services/desktop-error.js';
import { ServiceError } from '../../src-main/services/registration-service.js';
import { WorkbookError } from '../../src-main/excel/workbook-error.js';
import { OutputFileError } from '../../src-main/excel/atomic-write.js';
import { EvidenceError } from '../../src-main/evidence/evidence-service.js';
import { PhotoLockedError } from '../../src-main/photos/photo-service.js';
import { PhotoFolderError } from '../../src-main/photos/photo-files.js';
import { PersonPhotoError } from '../../src-main/photos/person-photo.js';
import { PhotoSpecError } from '../../src-node/reference/photo-specs.js';
import { NotReadyError } from '../../src-main/sync/batch-payload.js';
import { SyncError } from '../../src-main/sync/sync-error.js';
import { StoreError } from '../../src-main/store/store-error.js';

const dataDir = os.tmpdir();

describe('desktopErrorOf: what the window is told', () => {
  it('answers each error meant for the clerk with the code the window has always seen and its own message', () => {
    const cases: Array<[Error, string]> = [
      [new ServiceError('not_found', '找不到批次'), 'not_found'],
      [new WorkbookError('several_sheets', '有多个工作表'), 'file'],
      [new OutputFileError('is_directory', '是一个文件夹'), 'file'],
      [new EvidenceError('too_large', '文件太大'), 'evidence.too_large'],
      [new PhotoLockedError('批次已提交'), 'not_editable'],
      [new PhotoFolderError('文件夹不存在'), 'photo'],
      [new PersonPhotoError('照片无法打开'), 'photo'],
      [new PhotoSpecError('没有这个照片规格'), 'photo'],
      [new NotReadyError('还有人没有照片'), 'not_ready'],
      [new SyncError('auth', 'auth.token_expired', '请重新登录'), 'auth.token_expired'],
      [new StoreError('newer_schema', '数据由更新的版本创建'), 'store.newer_schema'],
    ];
    for (const [e, code] of cases) expect(desktopErrorOf(e, dataDir), e.name).toEqual({ code, message: e.message });
  });

  it('a zod check inside a service is bad input, in its own words', () => {
    const r = z.object({ n: z.number({ error: '请填写数字。' }) }).safeParse({ n: 'x' });
    expect(desktopErrorOf(r.error, dataDir)).toEqual({ code: 'invalid_input', message: '请填写数字。' });
  });

  it('leaves faults of ours to the caller: an error not meant for the user, whatever its language, and any other throw', () => {
    expect(desktopErrorOf(new CodedError('inconsistent', '内部状态不一致', { userFacing: false }), dataDir)).toBeUndefined();
    expect(desktopErrorOf(Object.assign(new Error('内部状态不一致'), { code: 'inconsistent' }), dataDir)).toBeUndefined();
    expect(desktopErrorOf(new TypeError("Cannot read properties of undefined (reading 'id')"), dataDir)).toBeUndefined();
    expect(desktopErrorOf('a string', dataDir)).toBeUndefined();
  });
});

describe('CodedError', () => {
  it('keeps the cause for the log and the subclass name', () => {
    const cause = new Error('EACCES');
    const e = new CodedError('x', '无法写入', { userFacing: true, cause });
    expect(e.cause).toBe(cause);
    expect(new WorkbookError('corrupt', '坏了').name).toBe('WorkbookError');
    expect(new WorkbookError('corrupt', '坏了')).toBeInstanceOf(CodedError);
  });
});
