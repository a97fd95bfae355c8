import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { Alert, App as AntApp, Button, Input, Modal, Segmented, Space, Spin, Typography, type InputRef } from 'antd';
import { renderManual, type RenderedManual } from './manual-markdown.js';
import { manualImageUrl } from './manual-images.js';
import { clearHits, hitsPerHeading, markHits, MAX_HITS, searchText } from './manual-search.js';
import type { ManualName } from './manual-sections.js';
import { manualOf, type ManualChoice, type ManualTarget } from './manual-choice.js';
import './manual-viewer.css';

/** Rendered once per manual and page load; a failed load is tried again on the next opening. */
const cache = new Map<ManualName, Promise<RenderedManual>>();
function loadRendered(choice: ManualChoice): Promise<RenderedManual> {
  let rendered = cache.get(choice.name);
  if (!rendered) {
    // Pictures far below load only when the reader scrolls near them, not all at opening.
    rendered = choice.load().then((source) => renderManual(source, { imageUrl: manualImageUrl, lazyImages: true }));
    rendered.catch(() => cache.delete(choice.name));
    cache.set(choice.name, rendered);
  }
  return rendered;
}

/** Headings whose tops are this close below the content's top count as "at the top" (the current section). */
const TOP_SLACK = 12;

/**
 * The 使用说明 in a large dialog: the table of contents (levels 2 and 3) on the left, the text on the
 * right scrolled to the section asked for, a search box above that marks every place the words
 * occur (Enter / 下一处 and Shift+Enter / 上一处 step through them) and counts them per section. Esc
 * closes it and the focus goes back where it was (antd's Modal does both); pictures open larger on a
 * click. The text comes from manual-markdown.ts, which renders with raw HTML off and only heading ids
 * as attributes, so setting it as the content's HTML is safe.
 */
export function ManualViewer({ open, manuals, target, onClose }: { open: boolean; manuals: readonly ManualChoice[]; target: ManualTarget; onClose: () => void }) {
  const { message } = AntApp.useApp();
  const [shown, setShown] = useState<ManualName>(target.manual);
  const [loaded, setLoaded] = useState<{ name: ManualName; manual: RenderedManual }>();
  const [loadError, setLoadError] = useState(false);
  const [content, setContent] = useState<HTMLDivElement | null>(null);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<HTMLElement[]>([]);
  const [current, setCurrent] = useState(-1);
  const [counts, setCounts] = useState<Map<string, number>>(new Map());
  const [active, setActive] = useState<string>();
  const [zoom, setZoom] = useState<{ src: string; alt: string }>();
  const search = useRef<InputRef>(null);
  // The section still to scroll to once its manual is on screen.
  const pending = useRef<{ manual: ManualName; section: string | undefined }>(undefined);
  const searchedFor = useRef('');
  const waiting = useRef(0);
  const tocHeadings = useRef<HTMLElement[]>([]);

  const choice = manuals.find((m) => m.name === shown) ?? manuals[0]!;
  const manual = loaded?.name === choice.name ? loaded.manual : undefined;
  const toc = useMemo(() => (manual?.sections ?? []).filter((s) => s.level === 2 || s.level === 3), [manual]);

  // A layout effect, before the one below that scrolls: both run in the commit of the new target.
  useLayoutEffect(() => {
    pending.current = { manual: target.manual, section: target.section };
    setShown(target.manual);
  }, [target.manual, target.section, target.seq]);

  useEffect(() => {
    let live = true;
    setLoadError(false);
    loadRendered(choice).then(
      (m) => live && setLoaded({ name: choice.name, manual: m }),
      () => live && setLoadError(true),
    );
    return () => {
      live = false;
    };
  }, [choice]);

  const updateActive = () => {
    if (!content) return;
    const passed = tocHeadings.current.filter((h) => h.offsetTop <= content.scrollTop + TOP_SLACK);
    setActive((passed.at(-1) ?? tocHeadings.current[0])?.id);
  };

  const scrollToSection = (id: string | undefined) => {
    if (!content) return;
    const heading = id ? content.querySelector<HTMLElement>(`[id="${CSS.escape(id)}"]`) : null;
    // The headings are children of the content, which is their offset parent: offsetTop is unaffected
    // by the dialog's opening zoom, unlike a bounding box.
    content.scrollTop = heading ? heading.offsetTop : 0;
    updateActive();
  };

  const scrollToHit = (hit: HTMLElement) => {
    if (!content) return;
    const box = content.getBoundingClientRect();
    const at = hit.getBoundingClientRect();
    if (at.top < box.top + 8 || at.bottom > box.bottom - 8) content.scrollTop += at.top - box.top - content.clientHeight / 3;
  };

  // The text itself: set once per manual shown (see the note above on why this HTML is safe).
  useLayoutEffect(() => {
    if (!content || !manual) return;
    content.innerHTML = manual.html;
    // The contents' headings, looked up once per text (every scroll asks which one has been passed).
    tocHeadings.current = toc.map((s) => content.querySelector<HTMLElement>(`[id="${CSS.escape(s.id)}"]`)).filter((h): h is HTMLElement => h !== null);
    content.scrollTop = 0;
  }, [content, manual]);

  // The search: marks redone whenever the words or the text change; scrolls only when the words did.
  useLayoutEffect(() => {
    if (!content || !manual) return;
    clearHits(content);
    const marks = markHits(content, query);
    setHits(marks);
    setCounts(hitsPerHeading(tocHeadings.current, marks));
    const typed = searchedFor.current !== query;
    searchedFor.current = query;
    // The first place at or below what the reader is looking at, as a browser's find does.
    const top = content.getBoundingClientRect().top;
    const first = marks.findIndex((m) => m.getBoundingClientRect().top >= top);
    const index = marks.length === 0 ? -1 : first >= 0 ? first : 0;
    setCurrent(index);
    if (typed && index >= 0) scrollToHit(marks[index]!);
    // tocHeadings (set with the text) and scrollToHit read only `content` and `toc`, which `manual` determines.
  }, [content, manual, query]);

  // The section asked for, once its manual is in place (after the search, which must not move it).
  // Opened again, the dialog is still hidden (display: none, nothing to scroll) until antd shows it
  // a moment later: wait for that, a few frames at most.
  useLayoutEffect(() => {
    if (!content || !manual || !pending.current || pending.current.manual !== choice.name) return;
    const { section } = pending.current;
    pending.current = undefined;
    let tries = 0;
    const go = () => {
      if (content.clientHeight === 0 && tries++ < 60) waiting.current = requestAnimationFrame(go);
      else scrollToSection(section);
    };
    cancelAnimationFrame(waiting.current);
    go();
  });
  useEffect(() => () => cancelAnimationFrame(waiting.current), []);

  useEffect(() => {
    hits.forEach((h, i) => h.classList.toggle('manual-hit-current', i === current));
  }, [hits, current]);

  // The current section stays visible in a long table of contents.
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    nav.current?.querySelector('.manual-toc-active')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const step = (by: 1 | -1) => {
    if (hits.length === 0) return;
    const next = (current + by + hits.length) % hits.length;
    setCurrent(next);
    scrollToHit(hits[next]!);
  };

  const goTo = (id: string) => {
    const other = manualOf(id, manuals);
    if (other && other !== choice.name) {
      pending.current = { manual: other, section: id };
      setShown(other);
    } else scrollToSection(id);
  };

  const onContentClick = (e: ReactMouseEvent<HTMLDivElement>) => {
    const el = e.target as HTMLElement;
    const link = el.closest('a');
    if (link) {
      // Never navigate the page itself: the window and the console are single pages.
      e.preventDefault();
      const href = link.getAttribute('href') ?? '';
      if (href.startsWith('#')) goTo(href.slice(1));
      else if (href) void message.info(`这是网址 ${href}，请复制到浏览器中打开。`);
      return;
    }
    if (el instanceof HTMLImageElement) setZoom({ src: el.currentSrc || el.src, alt: el.alt });
  };

  const onKeyDown = (e: ReactKeyboardEvent) => {
    // Ctrl+F finds in the manual, as in a browser, instead of doing nothing in the window.
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      search.current?.focus({ cursor: 'all' });
    }
  };

  const words = searchText(query);
  const status = !words
    ? ''
    : hits.length === 0
      ? `未找到“${words}”，请换一个词，或在左侧目录中查找。`
      : `第 ${current + 1} / ${hits.length} 处${hits.length >= MAX_HITS ? `（只标出了前 ${MAX_HITS} 处，请多输入几个字）` : ''}`;

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={manual?.title || '使用说明'}
      footer={null}
      width="min(1040px, calc(100vw - 32px))"
      style={{ top: 16, paddingBottom: 0 }}
      styles={{ body: { height: 'calc(100vh - 100px)', display: 'flex', flexDirection: 'column', gap: 12 } }}
      afterOpenChange={(isOpen) => isOpen && search.current?.focus({ cursor: 'all' })}
      className="manual-viewer"
      // Above the page's drawers and dialogs (antd's 1000), also one first opened after the viewer
      // was, whose layer would otherwise come later in the page and cover it.
      zIndex={1100}
    >
      <div className="manual-viewer-body" onKeyDown={onKeyDown} data-testid="manual-viewer">
        <Space wrap size={12} className="manual-toolbar">
          {manuals.length > 1 && (
            <Segmented
              value={choice.name}
              options={manuals.map((m) => ({ value: m.name, label: m.label }))}
              onChange={(v) => {
                pending.current = { manual: v, section: undefined };
                setShown(v);
              }}
            />
          )}
          <Input.Search
            ref={search}
            aria-label="在使用说明中查找"
            placeholder="在使用说明中查找"
            allowClear
            maxLength={50}
            style={{ width: 280 }}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onSearch={(_value, e, info) => {
              if (info?.source === 'clear') return;
              step(e && 'shiftKey' in e && e.shiftKey ? -1 : 1);
            }}
          />
          <Button disabled={hits.length === 0} onClick={() => step(-1)}>
            上一处
          </Button>
          <Button disabled={hits.length === 0} onClick={() => step(1)}>
            下一处
          </Button>
          <Typography.Text type={words && hits.length === 0 ? 'warning' : 'secondary'} role="status" data-testid="manual-search-status">
            {status}
          </Typography.Text>
        </Space>
        {loadError && (
          <Alert type="error" showIcon title="使用说明没有载入。请关闭后再打开一次；仍然不行，请重新启动程序（或刷新网页）。" />
        )}
        <div className="manual-panes">
          <nav ref={nav} className="manual-toc" aria-label="目录">
            {toc.map((s) => (
              <button
                type="button"
                key={s.id}
                className={`manual-toc-item manual-toc-level-${s.level}${s.id === active ? ' manual-toc-active' : ''}`}
                aria-current={s.id === active ? 'location' : undefined}
                data-section={s.id}
                onClick={() => scrollToSection(s.id)}
              >
                <span className="manual-toc-title">{s.title}</span>
                {(counts.get(s.id) ?? 0) > 0 && <span className="manual-toc-count">{counts.get(s.id)}</span>}
              </button>
            ))}
          </nav>
          <div className="manual-content-box">
            {!manual && !loadError && <Spin className="manual-loading" />}
            {/* Filled by the layout effect above, not by React: the search marks words inside it. */}
            <div
              ref={setContent}
              className="manual-content"
              role="document"
              aria-label="使用说明正文"
              tabIndex={-1}
              onScroll={updateActive}
              onClick={onContentClick}
              data-testid="manual-content"
            />
          </div>
        </div>
      </div>
      <Modal open={zoom !== undefined} onCancel={() => setZoom(undefined)} footer={null} width="min(1400px, calc(100vw - 32px))" centered title={zoom?.alt || '图片'}>
        {zoom && <img data-testid="manual-zoom" src={zoom.src} alt={zoom.alt} style={{ display: 'block', maxWidth: '100%', maxHeight: 'calc(100vh - 140px)', margin: '0 auto' }} />}
      </Modal>
    </Modal>
  );
}
