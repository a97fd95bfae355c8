import { newPasswordSchema } from '../../src-shared/contract/sync-api.js';

/**
 * The password policy: the shared schema (8 to 128 characters, letters and digits; the desktop checks
 * the same before sending) plus what only the server knows. Returns a Chinese message, or null if fine.
 */
export function passwordProblem(password: string, ctx: { username: string; oldPassword?: string }): string | null {
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) return parsed.error.issues[0]!.message;
  if (ctx.username.length >= 3 && password.toLowerCase().includes(ctx.username.toLowerCase())) {
    return '新密码不能包含用户名，请换一个别人猜不到的密码。';
  }
  if (ctx.oldPassword !== undefined && password === ctx.oldPassword) {
    return '新密码不能和原密码相同，请换一个新密码。';
  }
  return null;
}
