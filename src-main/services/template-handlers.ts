import type { DesktopDeps, ImplFor } from './handler-types.js';
import { templateExtras } from './template-extras.js';

/** 下载模板: the empty collection template, for new people or for 换证 (note ⑩: a separate list). */
export function templateHandlers({ db, registration }: Pick<DesktopDeps, 'db' | 'registration'>): ImplFor<'template.write'> {
  return {
    'template.write': async (i) => {
      await registration().writeTemplate(i.file, i.kind, templateExtras(db));
      return { file: i.file };
    },
  };
}
