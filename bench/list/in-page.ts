/**
 * What bench/list runs inside the page, as plain JavaScript text: installed once with
 * `page.evaluate(IN_PAGE)` (CDP, so the page's CSP does not apply), then called by name. Kept as text
 * rather than functions handed to page.evaluate because tsx compiles with keepNames, which wraps
 * named functions in a `__name` helper that does not exist in the page.
 *
 * Timing is taken inside the page with performance.now(), not with Playwright's clock: t0 is the
 * moment the page receives the click or the Enter key (a capturing listener on document, which runs
 * before React's own), t1 the first DOM state that shows the expected rows (a MutationObserver checks
 * after every change), and "painted" is t1 plus the next frame (requestAnimationFrame, then a
 * message, which runs once that frame has been produced). Playwright's clock around the same action
 * adds its protocol round trips (actionability checks, scrolling, the evaluate that collects the
 * result): tens of milliseconds of noise that are not the app's. The runner prints it beside, for
 * comparison. The page's window.fetch is wrapped to time the app's own persons.query in between, so
 * the UI time splits into: before the request leaves, the request, the render, the frame.
 */
export interface Expect {
  /** The event that starts the clock. */
  event: 'click' | 'keydown';
  /** `共有 N 条数据` under the people table. */
  total: number;
  /** Number of rows on the page, and the ID numbers in its first and last rows (the page is shown
   *  when its first row is; a virtual table may not draw all of them). */
  rows: number;
  firstId: string;
  lastId: string;
}

export interface Timing {
  /** From the event to the page's persons.query request leaving, and to its answer parsed, ms. */
  sent: number;
  answered: number;
  /** From the event to the DOM showing the expected rows, ms. */
  dom: number;
  /** To the next frame after that, ms. */
  paint: number;
}

export const IN_PAGE = String.raw`
window.__listBench = (() => {
  let pending = null;
  // The app's own calls go through window.fetch (src-renderer/api/desktop-client.ts): the first
  // persons.query after the event is timed when it leaves and when its answer has been parsed.
  const plainFetch = window.fetch.bind(window);
  let marks = null;
  window.fetch = async (input, init) => {
    const timed = marks !== null && marks.t0 !== undefined && marks.sent === undefined && String(input).includes('persons.query');
    if (timed) marks.sent = performance.now();
    const res = await plainFetch(input, init);
    if (timed) {
      const mine = marks;
      const json = res.json.bind(res);
      res.json = async () => {
        const value = await json();
        mine.answered = performance.now();
        return value;
      };
    }
    return res;
  };
  // The people table: the first table in the nearest container of the search box that holds one.
  const peopleTable = () => {
    let el = document.querySelector('input[placeholder="按身份证号或姓名查找"]');
    while (el && !el.querySelector('.ant-table-wrapper')) el = el.parentElement;
    return el ? el.querySelector('.ant-table-wrapper') : null;
  };
  const describe = () => {
    const t = peopleTable();
    if (!t) return 'no people table';
    const rows = t.querySelectorAll('.ant-table-row');
    return 'total "' + (t.querySelector('.ant-pagination-total-text')?.textContent ?? '') + '", ' + rows.length + ' rows, first "' + (rows[0]?.textContent ?? '') + '"';
  };
  const shows = (want) => {
    const t = peopleTable();
    if (!t) return false;
    if (t.querySelector('.ant-pagination-total-text')?.textContent !== '共有 ' + want.total + ' 条数据') return false;
    // All the page's rows, or (a virtual table) the first ones: the first is the page's first person,
    // and when all are there the last is its last.
    const rows = t.querySelectorAll('.ant-table-row');
    if (want.rows === 0) return rows.length === 0;
    if (rows.length === 0 || rows.length > want.rows || !rows[0].textContent.includes(want.firstId)) return false;
    return rows.length < want.rows || rows[rows.length - 1].textContent.includes(want.lastId);
  };
  return {
    arm(want) {
      let t0;
      const mine = (marks = {});
      const start = () => { if (t0 === undefined) mine.t0 = t0 = performance.now(); };
      document.addEventListener(want.event, start, true);
      pending = new Promise((resolve, reject) => {
        const observer = new MutationObserver(() => {
          if (t0 === undefined || !shows(want)) return;
          const dom = performance.now() - t0;
          observer.disconnect();
          clearTimeout(timer);
          document.removeEventListener(want.event, start, true);
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => resolve({ sent: (mine.sent ?? NaN) - t0, answered: (mine.answered ?? NaN) - t0, dom, paint: performance.now() - t0 });
            ch.port2.postMessage(0);
          });
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          document.removeEventListener(want.event, start, true);
          reject(new Error('the page did not show ' + JSON.stringify(want) + ' within 30 s; it shows ' + describe()));
        }, 30000);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      pending.catch(() => {});
    },
    wait() {
      return pending;
    },
    async fetchQuery(query) {
      const token = decodeURIComponent((/token=([^&]+)/.exec(location.hash) ?? [])[1] ?? '');
      const t0 = performance.now();
      const res = await plainFetch('./api/persons.query', { method: 'POST', headers: { 'content-type': 'application/json', 'x-zfbm-token': token }, body: JSON.stringify(query) });
      const body = await res.json();
      const ms = performance.now() - t0;
      if (!body.ok) throw new Error('persons.query: ' + JSON.stringify(body.error));
      return { ms, total: body.value.total, firstId: body.value.rows[0]?.idNumber ?? '' };
    },
    /** Resolves once the page has drawn a frame and then had nothing to do (leftover effects, layout). */
    idle() {
      return new Promise((resolve) => requestAnimationFrame(() => requestIdleCallback(() => resolve(), { timeout: 1000 })));
    },
    heapMB() {
      return performance.memory ? performance.memory.usedJSHeapSize / 1048576 : NaN;
    },
  };
})();
`;
