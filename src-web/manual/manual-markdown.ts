import MarkdownIt from 'markdown-it';
import markdownItAttrs from 'markdown-it-attrs';

/**
 * One Markdown → HTML rendering for the 使用说明, shared by the PDF build (scripts/), the desktop's
 * 帮助 → 使用说明 and the console's 帮助, so the three never show different text.
 *
 * Headings carry stable ids written in the source as `## 人员导入 {#clerk-import}`: screens open the
 * manual at those ids, so they must not change when a title is reworded. Raw HTML is off and only
 * `id` may be set by `{…}`: the manual is ours, but it is still rendered inside the app's page.
 */
export interface ManualSection {
  id: string;
  title: string;
  level: number;
}

export interface RenderedManual {
  title: string;
  html: string;
  sections: ManualSection[];
  /** Every image the text refers to, as written (for example `images/clerk-import.png`). */
  images: string[];
}

export interface RenderOptions {
  /** Where the page finds a picture the Markdown names; undefined leaves the name as written. */
  imageUrl?: (name: string) => string | undefined;
  /** Pictures load only when the reader scrolls near them (the in-app viewer; not the PDF, which prints them all). */
  lazyImages?: boolean;
}

function markdown() {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.use(markdownItAttrs, { allowedAttributes: ['id'] });
  return md;
}

export function renderManual(source: string, opts: RenderOptions = {}): RenderedManual {
  const md = markdown();
  const tokens = md.parse(source, {});
  const sections: ManualSection[] = [];
  const images: string[] = [];
  let title = '';
  let unnamed = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open') {
      const level = Number(token.tag.slice(1));
      const inline = tokens[i + 1];
      // The text children, not `content`: markdown-it-attrs has already taken `{#id}` out of them.
      const text = (inline?.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('').trim();
      let id = token.attrGet('id')?.toString();
      if (!id) {
        unnamed += 1;
        id = `section-${unnamed}`;
        token.attrSet('id', id);
      }
      if (level === 1 && !title) title = text;
      sections.push({ id, title: text, level });
    }
    for (const child of token.children ?? []) {
      if (child.type !== 'image') continue;
      const src = child.attrGet('src')?.toString() ?? '';
      images.push(src);
      const url = opts.imageUrl?.(src);
      if (url !== undefined) child.attrSet('src', url);
      if (opts.lazyImages) child.attrSet('loading', 'lazy');
    }
  }
  return { title, html: md.renderer.render(tokens, md.options, {}), sections, images };
}
