import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/run-cli.js';

/** The lint rule that keeps src-shared runnable in the renderer, main process and server alike. */
const eslint = new ESLint({ cwd: REPO_ROOT });

async function messagesFor(relPath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, relPath) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('src-shared stays pure', () => {
  it.each([
    ["import fs from 'node:fs';"],
    ["import path from 'path';"],
    ["import { app } from 'electron';"],
    ["import ExcelJS from 'exceljs';"],
    ["import React from 'react';"],
    ["import tables from '../../resources/code-tables/political.json';"],
    ["export * from '../../src-main/cli.js';"],
    ["const fs = require('fs');"],
    ["const m = await import('node:os');"],
  ])('rejects %s', async (line) => {
    const messages = await messagesFor('src-shared/rules/example.ts', line + '\nexport const x = 1;\n');
    expect(messages.some((m) => m.startsWith('project/src-shared-pure'))).toBe(true);
  });

  it('allows zod and files inside src-shared', async () => {
    const code = "import { z } from 'zod';\nimport { cleanText } from './text.js';\nimport type { Issue } from '../domain/issue.js';\nexport const s = z.string();\nexport type I = Issue;\nexport const c = cleanText;\n";
    expect(await messagesFor('src-shared/rules/example.ts', code)).toEqual([]);
  });

  it('does not apply outside src-shared', async () => {
    expect(await messagesFor('src-main/example.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toEqual([]);
  });

  it('only src-main/electron may import electron', async () => {
    const line = "import { app } from 'electron';\nexport const a = app;\n";
    expect((await messagesFor('src-main/services/example.ts', line)).some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    expect(await messagesFor('src-main/electron/example.ts', line)).toEqual([]);
  });
});
