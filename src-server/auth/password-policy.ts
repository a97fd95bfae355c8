import { newPasswordSchema } from '../../src-shared/contract/sync-api.js';
import { weakPasswordReason } from '../../src-shared/weak-passwords.js';

/**
 * The password policy: the shared schema (8 to 128 characters, letters and digits, none of the deny
 * list's common and pattern passwords; the desktop and the console check the same before sending) plus
 * what only the server knows: the user name and display name, the old password. Returns a Chinese
 * message, or null if fine.
 */
export function passwordProblem(password: string, ctx: { username: string; displayName?: string; oldPassword?: string }): string | null {
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) return parsed.error.issues[0]!.message;
  const words = (ctx.displayName ?? '').split(/[\s·.\-_]+/).filter((w) => w !== '');
  const weak = weakPasswordReason(password, { username: ctx.username, words });
  if (weak) return weak;
  if (ctx.oldPassword !== undefined && password === ctx.oldPassword) {
    return '新密码不能和原密码相同，请换一个新密码。';
  }
  return null;
}
