import type { Db } from '../store/open-store.js';
import { getAppSetting } from '../store/app-settings.js';
import { readProfile } from '../store/profile-repo.js';
import { photoSpecInForce } from '../sync/reference-store.js';
import { photoFileWords } from '../../src-shared/photo-file-words.js';
import type { TemplateExtras } from '../excel/template-writer.js';

/**
 * What a template or 问题清单 written from the window says beyond its columns: the photo file type of
 * the spec in force (note ①, the 照片 prompt) and the clerk's 修改资料 in the 联系方式/填报人 footer.
 */
export function templateExtras(db: Db): TemplateExtras {
  const { spec } = photoSpecInForce(db, getAppSetting(db, 'app.photoSpec'));
  return { photo: photoFileWords(spec), contact: readProfile(db) };
}
