import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 下载模板: the empty collection template, for new people or for changes. */
export function templateHandlers({ registration }: Pick<DesktopDeps, 'registration'>): ImplFor<'template.write'> {
  return {
    'template.write': async (i) => {
      await registration().writeTemplate(i.file, i.kind);
      return { file: i.file };
    },
  };
}
