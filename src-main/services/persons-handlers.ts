import { examForNewBatch } from '../exams/local-exams.js';
import { queryPersons } from '../store/person-query.js';
import { searchPersons } from '../store/records-query.js';
import { getAppSetting } from '../store/app-settings.js';
import { personDetail } from './person-detail.js';
import { DeletionService } from './deletion-service.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

type PersonsMethod = 'persons.query' | 'persons.get' | 'persons.add' | 'persons.update' | 'persons.check' | 'persons.resubmit' | 'persons.search' | 'persons.delete';

/** 人员导入's list and form (query, open, add, edit, live check, 重新提交) and 人员查询's search over everyone. */
export function personsHandlers(d: Pick<DesktopDeps, 'db' | 'registration' | 'photos' | 'kickOutbox' | 'blobs' | 'actor' | 'today'>): ImplFor<PersonsMethod> {
  const { db, registration, today } = d;
  const detail = (id: number) => personDetail(db, registration(), d.photos, id);
  return {
    'persons.query': (i) => queryPersons(db, i),
    'persons.get': (i) => detail(i.personId),
    // Without a batch, a new one is made; it belongs to the unit signed in here, as an import's does.
    'persons.add': (i) =>
      detail(registration().addPerson(i.batchId, i.fields, { unit: getAppSetting(db, 'app.unitName'), parentUnit: getAppSetting(db, 'app.jurisdictionName'), exam: () => examForNewBatch(db, today(), i.examId) }).id),
    // Saving never sends anything, also for a returned person: only 重新提交 does.
    'persons.update': (i) => detail(registration().updatePerson(i.personId, i.fields).id),
    'persons.check': (i) => registration().preview(i.batchId, i.personId, i.fields),
    'persons.resubmit': (i) => {
      const p = registration().resubmit(i.personId);
      d.kickOutbox?.();
      return detail(p.id);
    },
    'persons.search': (q) => searchPersons(db, q),
    // 删除: a draft person, never queued or sent, with their photos.
    'persons.delete': (i) => new DeletionService(db, d.blobs, d.actor).deletePerson(i.personId),
  };
}
