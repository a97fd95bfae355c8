// One measured pass of bench/photos, run as a fresh process by run.ts:
//   --mode fix   fixPhoto() of every file to the Guangxi spec (what `photos fix` does per photo)
//   --mode bare  sharp resize (cover) + mozjpeg encode of the same files: the floor fixPhoto is held to
// Files are read and processed with at most --concurrency in flight; --report names a JSON file for
// the outcome (the measured process prints nothing).
import fs from 'node:fs';
import sharp from 'sharp';
import { fixPhoto } from '../../src-main/photos/fix-photo.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { photoSpecTarget } from '../../src-shared/photo-spec.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0 || !args[i + 1]) throw new Error(`--${name} missing`);
  return args[i + 1]!;
};
const mode = opt('mode');
const files = fs.readFileSync(opt('list'), 'utf8').split('\n').filter(Boolean);
const concurrency = Number(opt('concurrency'));
const spec = getPhotoSpec('guangxi');
const target = photoSpecTarget(spec);

let outBytes = 0;
let unfixable = 0;
let failed = 0;
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const bytes = await fs.promises.readFile(file);
      if (mode === 'fix') {
        const r = await fixPhoto({ bytes, fileName: file }, spec);
        if (!r.bytes) failed++;
        else {
          outBytes += r.bytes.length;
          if (r.unfixable.length) unfixable++;
        }
      } else {
        const out = await sharp(bytes).resize(target.width, target.height, { fit: 'cover' }).jpeg({ mozjpeg: true, quality: 90 }).toBuffer();
        outBytes += out.length;
      }
    }
  }),
);
const ms = performance.now() - t0;
fs.writeFileSync(opt('report'), JSON.stringify({ mode, files: files.length, ms, outBytes, unfixable, failed }));
