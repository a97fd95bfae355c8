import type { PersonDetail } from '../../src-shared/contract/desktop-api.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { Db } from '../store/open-store.js';
import { personSyncState } from '../store/person-sync-repo.js';
import type { PhotoService } from '../photos/photo-service.js';
import { listReviewRecords } from '../store/review-records-repo.js';
import type { RegistrationService } from './registration-service.js';

/** The person form's view of one person: fields, findings, current photo, review records. */
export function personDetail(db: Db, registration: RegistrationService, photos: PhotoService, id: number): PersonDetail {
  const p = registration.getPerson(id);
  const sync = personSyncState(db, id)!;
  const photo = photos.current(id);
  return {
    id: p.id, batchId: p.batchId, rowNumber: p.rowNumber, name: p.fields.name, idNumber: p.fields.idNumber, gender: p.fields.gender, agency: p.fields.agency,
    errorCount: p.errorCount, warningCount: p.warningCount, status: p.status, pendingAt: sync.pendingAt, reviewComment: p.reviewComment,
    fields: p.fields, issues: p.issues, serverVersion: sync.serverVersion, resubmit: sync.resubmit,
    photo: photo ? { sha256: photo.sha256, fileName: photo.fileName, issues: photo.issues as Issue[] } : null,
    reviewRecords: listReviewRecords(db, id),
  };
}
