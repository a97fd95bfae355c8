/**
 * A reviewer's comment cut into the things it asks for: "一、学历填写有误；二、照片不是近期照片" is two
 * requests, and the form lists them one under the other so that none is overlooked (a half-fixed
 * record goes back again). Cuts at line breaks, semicolons and numbering (1. 2、 （3） 一、), never
 * inside a number such as a date.
 */
const NUMBERING = /[（(]\d{1,2}[)）]|\d{1,2}、|\d{1,2}[．.](?!\d)|[一二三四五六七八九十]+、/;
const CUT = new RegExp(`\\n|[；;]|(?<=[。，,！!？?\\s])(?=${NUMBERING.source})`);

const LEADING_NUMBER = new RegExp(`^(?:${NUMBERING.source})\\s*`);

/** The parts, each without its own numbering (the list numbers them again). */
export function commentParts(comment: string): string[] {
  return comment
    .split(CUT)
    .map((s) => s.trim().replace(/[。，,]$/, ''))
    .filter((s) => s !== '')
    .map((s, _i, all) => (all.length > 1 ? s.replace(LEADING_NUMBER, '') : s));
}
