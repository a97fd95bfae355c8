/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads this hook with require(). */
// electron-builder beforePack hook (electron-builder.yml): refuses to package native binaries that
// cannot run on the target. npm installs sharp's libvips only for the machine it runs on, and
// better-sqlite3 must have been rebuilt for the target (npmRebuild); an installer built on Linux from
// a Linux node_modules would install fine on Windows and then fail at the first photo or at start.
const fs = require('node:fs');
const path = require('node:path');

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];
/** The first bytes of an executable for each platform: PE (MZ), ELF, Mach-O. */
const MAGIC = { win32: ['4d5a'], linux: ['7f454c46'], darwin: ['cffaedfe', 'cafebabe'] };

function checkTarget(projectDir, platform, arch) {
  const problems = [];
  const sharpPkg = path.join(projectDir, 'node_modules', '@img', `sharp-${platform}-${arch}`);
  if (!fs.existsSync(sharpPkg)) {
    problems.push(
      `缺少 ${path.relative(projectDir, sharpPkg)}（sharp 的 ${platform}-${arch} 二进制文件）。请在目标系统上构建，或先运行 npm install --os=${platform} --cpu=${arch} sharp。` +
        ` / sharp has no ${platform}-${arch} binary here: build on the target system, or run npm install --os=${platform} --cpu=${arch} sharp first.`,
    );
  }
  const sqlite = path.join(projectDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  let head = '';
  try {
    const fd = fs.openSync(sqlite, 'r');
    const buf = Buffer.alloc(4);
    fs.readSync(fd, buf, 0, 4, 0);
    fs.closeSync(fd);
    head = buf.toString('hex');
  } catch {
    head = '';
  }
  const wanted = MAGIC[platform] ?? [];
  if (wanted.length > 0 && !wanted.some((m) => head.startsWith(m))) {
    problems.push(
      `better-sqlite3 不是为 ${platform} 编译的（${head ? `文件头 ${head}` : '文件不存在'}）。请在目标系统上运行 npm run dist:win，让 electron-builder 为 Electron 重新编译它。` +
        ` / better-sqlite3 is not built for ${platform}: run the build on the target system so electron-builder rebuilds it for Electron.`,
    );
  }
  return problems;
}

async function beforePack(context) {
  const platform = context.electronPlatformName;
  const arch = typeof context.arch === 'number' ? ARCH_NAMES[context.arch] : String(context.arch);
  const projectDir = context.packager?.projectDir ?? context.packager?.info?.projectDir ?? process.cwd();
  const problems = checkTarget(projectDir, platform, arch);
  if (problems.length > 0) throw new Error(`无法打包 ${platform}-${arch} / cannot package ${platform}-${arch}:\n- ${problems.join('\n- ')}`);
}

module.exports = beforePack;
module.exports.default = beforePack;
module.exports.checkTarget = checkTarget;
