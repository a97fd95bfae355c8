import { expect, type Page } from '@playwright/test';
import { still } from './clerk-layout.js';

/**
 * Answers the path prompt the web bridge shows where the Electron window opens its native file dialog
 * (src-renderer/components/path-prompt.tsx): types the path and presses 确定, then waits until the prompt
 * has gone. The prompt must stand still first: antd zooms a modal in from the last click, and a click
 * aimed at 确定 while it grows lands beside it (seen about once in 40 picks under load, leaving the prompt
 * open with the path typed). If the click still misses, it is made again — once the prompt has gone the
 * retry ends, so an answer is never given twice.
 */
export async function answerPath(page: Page, value: string, title?: string | RegExp): Promise<void> {
  const prompt = title === undefined ? page.getByRole('dialog').filter({ has: page.getByLabel('文件路径') }) : page.getByRole('dialog', { name: title });
  await expect(prompt).toBeVisible();
  await still(prompt.locator('xpath=ancestor-or-self::div[contains(concat(" ", @class, " "), " ant-modal ")][1]'));
  await prompt.getByLabel('文件路径').fill(value);
  await expect(async () => {
    if (await prompt.count()) await prompt.getByRole('button', { name: /^确\s*定$/ }).click({ timeout: 2000 });
    await expect(prompt).toHaveCount(0, { timeout: 2000 });
  }).toPass({ timeout: 15_000 });
}
