// Run as a child process by the decompression-bomb tests: inspects one file and prints, as JSON, the
// issues, how long inspectPhoto took, and the process's peak memory before and after it.
import fs from 'node:fs';
import sharp from 'sharp';
import { inspectPhoto } from '../../src-main/photos/inspect-photo.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';

const [file, specName] = process.argv.slice(2);
const spec = getPhotoSpec(specName);
const bytes = fs.readFileSync(file!);
// Warm sharp up on a small photo so that the baseline includes libvips itself.
const warm = await sharp({ create: { width: 90, height: 120, channels: 3, background: '#ff0000' } }).jpeg().toBuffer();
await inspectPhoto({ bytes: warm, fileName: 'warm.jpg' }, spec);
const baseRssMB = process.resourceUsage().maxRSS / 1024;
const t0 = performance.now();
const r = await inspectPhoto({ bytes, fileName: file! }, spec);
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, baseRssMB, maxRssMB: process.resourceUsage().maxRSS / 1024, issues: r.issues }));
