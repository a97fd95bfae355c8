// npm start [-- --data <folder>] [-- --bridge] [-- --port <n>]
//
// Builds what is out of date (the renderer with Vite into out/renderer, the main-process bundles
// with scripts/build-main.mjs into out/main) and starts the desktop app in Electron. Where Electron
// cannot run — its binary was never downloaded (as on the build machines here), this Linux has no
// display, or better-sqlite3 is built for Node rather than for Electron — it says why, in Chinese and
// English, and starts browser mode instead: the same backend behind the web bridge on 127.0.0.1
// (src-main/bridge-main.ts), printing the address with its access token, running until Ctrl+C.
// `--bridge` asks for browser mode outright.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMain, DEFAULT_OUTDIR } from './build-main.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererIndex = path.join(root, 'out', 'renderer', 'index.html');
const RENDERER_SOURCES = ['src-renderer', 'src-web', 'src-shared', 'vite.config.ts', 'tsconfig.renderer.json', 'package.json'];

const say = (zh, en) => process.stdout.write(`${zh}\n${en}\n`);

function newestMtime(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

function rendererIsStale() {
  try {
    const built = fs.statSync(rendererIndex).mtimeMs;
    return RENDERER_SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
  } catch {
    return true;
  }
}

function buildRenderer() {
  say('正在构建界面（Vite）…', 'Building the renderer (Vite)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    say('界面构建失败，见上面的信息。', 'The renderer build failed; see above.');
    process.exit(r.status ?? 1);
  }
}

/**
 * The Electron binary as node_modules/electron/index.js would name it, without its side effect:
 * requiring that module starts a download when the binary is missing, which cannot succeed here.
 */
function electronBinary() {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  let name;
  try {
    name = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
  } catch {
    name = undefined;
  }
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron');
  return name ? path.join(pkgDir, 'dist', name) : undefined;
}

/** Why Electron cannot run the app here, or undefined when it can. */
function whyNotElectron(bin) {
  if (!bin || !fs.existsSync(bin)) {
    return {
      zh: 'Electron 程序文件不存在（安装依赖时没能下载，例如没有外网）。',
      en: 'The Electron binary is missing (npm could not download it, e.g. no internet access).',
      fix: '能上网时运行 node node_modules/electron/install.js（或重新 npm ci），再运行 npm start。/ When online, run node node_modules/electron/install.js (or npm ci again), then npm start.',
    };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { zh: '这台 Linux 没有图形界面（DISPLAY 未设置），无法打开窗口。', en: 'This Linux has no display (DISPLAY is not set), so no window can open.', fix: '在桌面会话中运行，或用 xvfb-run npm start。/ Run it in a desktop session, or under xvfb-run.' };
  }
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (version.status !== 0) {
    return { zh: `Electron 程序无法运行：${(version.stderr || version.error?.message || '').trim().split('\n')[0]}`, en: 'The Electron binary does not run on this machine.', fix: '检查系统库是否齐全，或重新安装 Electron。/ Check the system libraries, or reinstall Electron.' };
  }
  // better-sqlite3 is a native module: it must be built for Electron's Node, not the system's.
  const probe = spawnSync(bin, ['-e', "require('better-sqlite3')(':memory:').close()"], { cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.status !== 0) {
    return {
      zh: 'better-sqlite3 是为 Node.js 编译的，Electron 无法加载它。',
      en: 'better-sqlite3 is built for Node.js, not for Electron.',
      fix: '运行 npx electron-builder install-app-deps 为 Electron 重新编译（之后运行测试前再 npm rebuild better-sqlite3）。/ Run npx electron-builder install-app-deps to rebuild it for Electron (and npm rebuild better-sqlite3 before running the tests again).',
    };
  }
  return undefined;
}

async function browserMode(args, reason) {
  if (reason) {
    say('无法启动 Electron 窗口，改用浏览器模式。', 'Cannot start the Electron window; starting browser mode instead.');
    say(`原因：${reason.zh}`, `Reason: ${reason.en}`);
    process.stdout.write(`${reason.fix}\n\n`);
  }
  const require = createRequire(import.meta.url);
  const { main } = require(path.join(DEFAULT_OUTDIR, 'bridge-main.js'));
  await main(args);
}

const argv = process.argv.slice(2);
const forceBridge = argv.includes('--bridge');
const args = argv.filter((a) => a !== '--bridge');

if (rendererIsStale()) buildRenderer();
await buildMain();

if (forceBridge) {
  await browserMode(args);
} else {
  const bin = electronBinary();
  const reason = whyNotElectron(bin);
  if (reason) {
    await browserMode(args, reason);
  } else {
    // Chromium refuses to run as root without this (a container, CI); a clerk's PC never runs as root.
    const extra = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const child = spawn(bin, [root, ...extra, ...args], { cwd: root, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  }
}
