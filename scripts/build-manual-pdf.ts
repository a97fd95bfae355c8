/**
 * `npm run manual:pdf`: the three 使用说明 (docs/manual/*.md) as printable A4 PDFs in out/manual/ —
 * rendered by the same renderManual the app uses, in Noto CJK, the pictures embedded, a numbered table
 * of contents with page numbers, and the page number in every footer; printed by Debian's Chromium.
 *
 * The table of contents gets its page numbers in three prints, because Chromium's print has no
 * target-counter(): the cover and contents alone (how many pages they take), the body alone (on which
 * of its pages each numbered heading stands, read back with Poppler's pdftotext), then everything with
 * the numbers filled in. Without pdftotext the contents are still there and linked, without numbers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { renderManual, type ManualSection } from '../src-web/manual/manual-markdown.js';
import { MANUAL_FILES, type ManualName } from '../src-web/manual/manual-sections.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const MANUALS = path.join(ROOT, 'docs/manual');
const OUT = path.join(ROOT, 'out/manual');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A heading as the PDF numbers it ("3.2 人员导入"), so it can be found again in the printed text. */
interface Numbered extends ManualSection {
  number: string;
}

function numberSections(sections: ManualSection[]): Numbered[] {
  let h2 = 0;
  let h3 = 0;
  const out: Numbered[] = [];
  for (const s of sections) {
    if (s.level === 2) {
      h2 += 1;
      h3 = 0;
      out.push({ ...s, number: `${h2}` });
    } else if (s.level === 3) {
      h3 += 1;
      out.push({ ...s, number: `${h2}.${h3}` });
    }
  }
  return out;
}

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
@page { size: A4; margin: 18mm 16mm 20mm 18mm; }
html { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: 10.5pt; line-height: 1.65; color: #1f1f1f; }
body { margin: 0; }
h1, h2, h3, h4 { font-family: "Noto Sans CJK SC", sans-serif; line-height: 1.35; break-after: avoid; }
.cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center; break-after: page; }
.cover h1 { font-size: 28pt; margin: 0 0 8mm; }
.cover p { font-size: 12pt; color: #555; margin: 2mm 0; }
.toc { break-after: page; }
.toc h2 { font-size: 16pt; margin: 0 0 4mm; }
.toc ol { list-style: none; margin: 0; padding: 0; }
.toc li { display: flex; align-items: baseline; gap: 2mm; margin: 1.2mm 0; }
.toc li.l3 { padding-left: 8mm; font-size: 10pt; }
.toc li.l2 { font-weight: 600; margin-top: 2.4mm; }
.toc a { color: inherit; text-decoration: none; }
.toc .dots { flex: 1; border-bottom: 1px dotted #999; transform: translateY(-1mm); }
.toc .page { min-width: 8mm; text-align: right; font-variant-numeric: tabular-nums; }
.body h1 { display: none; }
.body h2 { font-size: 15pt; border-bottom: 2px solid #1f4e8c; padding-bottom: 1.5mm; margin: 9mm 0 3mm; }
.body h2.first { margin-top: 0; }
.body h3 { font-size: 12pt; margin: 6mm 0 2mm; color: #1f4e8c; }
.body h4 { font-size: 10.5pt; margin: 4mm 0 1mm; }
.num { margin-right: 2mm; }
p { margin: 1.5mm 0; }
ol, ul { margin: 1.5mm 0; padding-left: 7mm; }
li { margin: 0.6mm 0; }
img { display: block; max-width: 100%; max-height: 118mm; margin: 3mm auto; border: 1px solid #ccc; break-inside: avoid; }
p:has(> img) { break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9.5pt; break-inside: auto; }
tr { break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
code { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; font-size: 9.5pt; background: #f3f3f3; padding: 0 1mm; border-radius: 1mm; }
pre { background: #f3f3f3; padding: 2mm 3mm; white-space: pre-wrap; word-break: break-all; break-inside: avoid; }
pre code { padding: 0; background: none; }
blockquote { margin: 2mm 0; padding: 1mm 4mm; border-left: 3px solid #d48806; background: #fffbe6; }
`;

function page(title: string, parts: { cover: boolean; toc: string; body: string }): string {
  const day = new Date().toISOString().slice(0, 10);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${CSS}</style></head><body>
${parts.cover ? `<section class="cover"><h1>${escape(title)}</h1><p>执法人员报名助手</p><p>${day}</p></section>` : ''}
${parts.toc}
${parts.body ? `<main class="body">${parts.body}</main>` : ''}
</body></html>`;
}

function tocHtml(sections: Numbered[], pages: Map<string, number> | undefined): string {
  const items = sections
    .map((s) => `<li class="l${s.level}"><a href="#${escape(s.id)}"><span class="num">${s.number}</span>${escape(s.title)}</a><span class="dots"></span><span class="page">${pages?.get(s.id) ?? ''}</span></li>`)
    .join('\n');
  return `<nav class="toc"><h2>目录</h2><ol>${items}</ol></nav>`;
}

/** The rendered body with each numbered heading's number put in front of its text. */
function numberedBody(html: string, sections: Numbered[]): string {
  const byId = new Map(sections.map((s) => [s.id, s]));
  let first = true;
  return html.replace(/<h([23]) id="([^"]+)">/g, (all, level: string, id: string) => {
    const s = byId.get(id);
    if (!s) return all;
    const cls = level === '2' && first ? ' class="first"' : '';
    if (level === '2') first = false;
    return `<h${level} id="${id}"${cls}><span class="num">${s.number}</span>`;
  });
}

const FOOTER = `<div style="width:100%; font-size:8pt; color:#666; text-align:center; font-family:'Noto Sans CJK SC', sans-serif;">第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>`;

async function print(browser: Browser, html: string, file: string, footer: boolean): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.html`);
  fs.writeFileSync(tmp, html);
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(tmp).href, { waitUntil: 'load' });
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    await page.pdf({
      path: file,
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: footer,
      headerTemplate: '<div></div>',
      footerTemplate: footer ? FOOTER : '<div></div>',
      outline: true,
      tagged: true,
    });
  } finally {
    await page.close();
    fs.rmSync(tmp, { force: true });
  }
}

/** Each page's text, whitespace removed (pdftotext puts form feeds between pages); undefined without Poppler. */
function pageTexts(pdf: string): string[] | undefined {
  try {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return text.split('\f').map((t) => t.replace(/\s+/g, ''));
  } catch {
    return undefined;
  }
}

/** On which page (1-based, of the body printed alone) each heading stands: found in order, never before the one above. */
function headingPages(texts: string[], sections: Numbered[]): Map<string, number> {
  const pages = new Map<string, number>();
  let at = 0;
  for (const s of sections) {
    const needle = `${s.number}${s.title}`.replace(/\s+/g, '');
    for (let p = at; p < texts.length; p++) {
      if (texts[p]!.includes(needle)) {
        pages.set(s.id, p + 1);
        at = p;
        break;
      }
    }
  }
  return pages;
}

async function buildOne(browser: Browser, name: ManualName, work: string): Promise<string> {
  const source = fs.readFileSync(path.join(MANUALS, MANUAL_FILES[name]), 'utf8');
  const missing: string[] = [];
  const manual = renderManual(source, {
    imageUrl: (src) => {
      const file = path.resolve(MANUALS, src);
      if (!fs.existsSync(file)) missing.push(src);
      return pathToFileURL(file).href;
    },
  });
  if (missing.length) throw new Error(`${MANUAL_FILES[name]} 引用的图片不存在：${missing.join('、')}。请先运行 npm run manual:shots。`);
  const sections = numberSections(manual.sections);
  const body = numberedBody(manual.html, sections);

  const front = path.join(work, `${name}-front.pdf`);
  await print(browser, page(manual.title, { cover: true, toc: tocHtml(sections, undefined), body: '' }), front, false);
  const frontPages = pageTexts(front)?.filter((t, i, all) => t.length > 0 || i < all.length - 1).length;
  const alone = path.join(work, `${name}-body.pdf`);
  await print(browser, page(manual.title, { cover: false, toc: '', body }), alone, false);
  const texts = pageTexts(alone);

  let numbers: Map<string, number> | undefined;
  if (texts && frontPages !== undefined) {
    numbers = new Map([...headingPages(texts, sections)].map(([id, p]) => [id, p + frontPages]));
    const lost = sections.filter((s) => !numbers!.has(s.id)).map((s) => s.title);
    if (lost.length) console.warn(`${name}: 目录中这些标题没有找到页码：${lost.join('、')}`);
  } else {
    console.warn('没有找到 pdftotext（apt-get install poppler-utils）：目录没有页码，只有链接。');
  }
  const file = path.join(OUT, `${name}.pdf`);
  await print(browser, page(manual.title, { cover: true, toc: tocHtml(sections, numbers), body }), file, true);
  return file;
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-manual-pdf-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    for (const name of Object.keys(MANUAL_FILES) as ManualName[]) {
      const file = await buildOne(browser, name, work);
      console.log(`${path.relative(ROOT, file)}：${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
    }
  } finally {
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
