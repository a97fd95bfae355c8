import { queryPersons } from '../store/person-query.js';
import { searchPersons } from '../store/records-query.js';
import { personDetail } from './person-detail.js';
import { DeletionService } from './deletion-service.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

type PersonsMethod = 'persons.query' | 'persons.get' | 'persons.add' | 'persons.update' | 'persons.check' | 'persons.search' | 'persons.delete';

/** 人员导入's list and form (query, open, add, edit, live check) and 人员查询's search over everyone. */
export function personsHandlers(d: Pick<DesktopDeps, 'db' | 'registration' | 'photos' | 'kickOutbox' | 'blobs' | 'actor'>): ImplFor<PersonsMethod> {
  const { db, registration } = d;
  const detail = (id: number) => personDetail(db, registration(), d.photos, id);
  return {
    'persons.query': (i) => queryPersons(db, i),
    'persons.get': (i) => detail(i.personId),
    'persons.add': (i) => detail(registration().addPerson(i.batchId, i.fields).id),
    'persons.update': (i) => {
      const p = registration().updatePerson(i.personId, i.fields);
      // A returned person saved without errors was queued to go out again.
      if (p.status === 'rejected') d.kickOutbox?.();
      return detail(p.id);
    },
    'persons.check': (i) => registration().preview(i.batchId, i.personId, i.fields),
    'persons.search': (q) => searchPersons(db, q),
    // 删除: a draft person, never queued or sent, with their photos.
    'persons.delete': (i) => new DeletionService(db, d.blobs, d.actor).deletePerson(i.personId),
  };
}
