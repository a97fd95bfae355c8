import type ExcelJS from 'exceljs';
import StyleXform from 'exceljs/lib/xlsx/xform/style/style-xform.js';
import StylesXform from 'exceljs/lib/xlsx/xform/style/styles-xform.js';

/**
 * Writing people's data into workbooks safely (issue 14): every workbook we hand out with text that
 * came from a clerk or a server (the desktop's 问题清单, the server's exports) puts it through here.
 *
 * - Excel keeps at most 32,767 characters in a cell, and in a comment; longer text makes Excel repair
 *   the file (or cut it silently). Longer text is cut and ends with “…（已截断）”; in messages, a long
 *   quoted value (“…”) is shortened first, so the words around it stay readable.
 * - Text starting with = + - @ (or a tab or CR before one, or their full-width forms, which Chinese
 *   input methods type) is stored as text already, but Excel turns it into a live formula as soon as
 *   someone presses F2 and Enter in the cell. Such cells get Excel's quote prefix: the style flag that
 *   a typed leading apostrophe sets (`quotePrefix="1"` on the cell's xf in styles.xml). The value is
 *   unchanged: a "-5" or "+86 …" still reads as written, and the reader gets back exactly the text.
 *
 * exceljs 4.4 neither writes nor reads quotePrefix (its pull request #2809 is unmerged), so this module
 * teaches its style serializer the one attribute: a cell whose style has `quotePrefix: true` gets its
 * own xf with the attribute, and reading a workbook sets `style.quotePrefix` back.
 */

/** Excel's limit for the text of a cell and of a comment, in UTF-16 code units. */
export const EXCEL_TEXT_MAX = 32_767;
/** Ends text that was cut. */
export const TRUNCATED_MARK = '…（已截断）';
/** A quoted value in a message longer than this is shortened. */
export const QUOTED_VALUE_MAX = 200;

/** True for text Excel would take as a formula once the cell is edited. */
export function isFormulaLike(text: string): boolean {
  return /^[=+\-@＝＋－＠\t\r]/.test(text);
}

/** `text` cut to at most `max` code units, never in the middle of a surrogate pair, ending with the mark. */
export function capText(text: string, max: number = EXCEL_TEXT_MAX): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - TRUNCATED_MARK.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + TRUNCATED_MARK;
}

/** A message (Chinese, values in “…”) with every overlong quoted value shortened, then capped. */
export function capMessage(text: string, max: number = EXCEL_TEXT_MAX): string {
  const shortened = text.replace(/“([^”]*)”/g, (whole, inner: string) =>
    inner.length > QUOTED_VALUE_MAX ? `“${capText(inner, QUOTED_VALUE_MAX)}”` : whole,
  );
  return capText(shortened, max);
}

type CellText = string | number | null | undefined;

/**
 * Puts a value into a cell: text capped at Excel's limit and quote-prefixed when it looks like a
 * formula; numbers, empty values unchanged. Keeps the cell's other formatting.
 */
export function setCellText(cell: ExcelJS.Cell, value: CellText, opts: { message?: boolean } = {}): void {
  if (typeof value !== 'string') {
    cell.value = value ?? null;
    return;
  }
  const text = opts.message ? capMessage(value) : capText(value);
  cell.value = text;
  if (isFormulaLike(text)) setQuotePrefix(cell);
}

/** A cell comment (note), capped at Excel's limit; quoted values shortened as in messages. */
export function setCellNote(cell: ExcelJS.Cell, note: string): void {
  cell.note = capMessage(note);
}

/** Sets Excel's quote prefix on a cell's own style (a copy: styles may be shared with a row or column). */
export function setQuotePrefix(cell: ExcelJS.Cell): void {
  cell.style = { ...cell.style, quotePrefix: true } as Partial<ExcelJS.Style>;
}

/** True when a cell read by exceljs has the quote prefix. */
export function hasQuotePrefix(cell: ExcelJS.Cell): boolean {
  return (cell.style as { quotePrefix?: boolean } | undefined)?.quotePrefix === true;
}

// ---------------------------------------------------------------------------------------------
// Teaching exceljs the quotePrefix attribute (once per process, whoever imports this first).

interface XmlStream {
  openNode(name: string, attributes?: Record<string, unknown>): void;
  addAttribute(name: string, value: string): void;
}
interface StyleModel {
  quotePrefix?: boolean;
}

const PATCHED = Symbol.for('zfbm.exceljs.quotePrefix');
const styleProto = StyleXform.prototype as unknown as Record<PropertyKey, unknown> & {
  render(xml: XmlStream, model: StyleModel | undefined): void;
  parseOpen(node: { name: string; attributes: Record<string, string> }): boolean;
  model?: StyleModel;
};
const stylesProto = StylesXform.prototype as unknown as {
  addStyleModel(model: StyleModel | undefined, cellType?: number): number;
  getStyleModel(id: number): StyleModel | null;
  _addStyle(style: StyleModel): number;
  model: { styles: Array<StyleModel | string> };
};

if (!styleProto[PATCHED]) {
  styleProto[PATCHED] = true;

  // Writing: <xf … quotePrefix="1"> — added right after the element opens, before its children.
  const render = styleProto.render;
  styleProto.render = function (this: unknown, xml: XmlStream, model: StyleModel | undefined) {
    if (!model?.quotePrefix) return render.call(this, xml, model);
    const own = Object.prototype.hasOwnProperty.call(xml, 'openNode');
    const open = xml.openNode;
    xml.openNode = function (this: XmlStream, name, attributes) {
      open.call(this, name, attributes);
      if (name === 'xf') this.addAttribute('quotePrefix', '1');
    };
    try {
      render.call(this, xml, model);
    } finally {
      if (own) xml.openNode = open;
      else delete (xml as Partial<XmlStream>).openNode;
    }
  };

  // The cell's style model → the xf exceljs keeps (deduplicated by its XML, which now differs).
  const addStyleModel = stylesProto.addStyleModel;
  stylesProto.addStyleModel = function (this: typeof stylesProto, model, cellType) {
    if (!model?.quotePrefix) return addStyleModel.call(this, model, cellType);
    const addStyle = this._addStyle;
    this._addStyle = (style: StyleModel) => addStyle.call(this, { ...style, quotePrefix: true });
    try {
      return addStyleModel.call(this, model, cellType);
    } finally {
      delete (this as Partial<typeof stylesProto>)._addStyle;
    }
  };

  // Reading: the attribute back into the cell's style.
  const parseOpen = styleProto.parseOpen;
  styleProto.parseOpen = function (this: typeof styleProto, node) {
    const handled = parseOpen.call(this, node);
    if (node.name === 'xf' && this.model && node.attributes.quotePrefix === '1') this.model.quotePrefix = true;
    return handled;
  };
  const getStyleModel = stylesProto.getStyleModel;
  stylesProto.getStyleModel = function (this: typeof stylesProto, id) {
    const model = getStyleModel.call(this, id);
    const style = this.model.styles[id];
    if (model && typeof style === 'object' && style.quotePrefix) model.quotePrefix = true;
    return model;
  };
}
