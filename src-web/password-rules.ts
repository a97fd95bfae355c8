import type { FormRule } from 'antd';
import { newPasswordSchema } from '../src-shared/contract/sync-api.js';
import { weakPasswordReason } from '../src-shared/weak-passwords.js';

/**
 * The rules of a new-password form, the same as the server's (src-server/auth/password-policy.ts): the
 * policy, not the user name or the name's words, not the old password; then the same again. A form
 * with these rules sends nothing while any of them fails: antd's Form calls onFinish only once every
 * field passes, so Enter on an invalid form shows the field's own message instead.
 */

export interface PasswordOwner {
  username?: string | undefined;
  displayName?: string | undefined;
}

/**
 * The words of a display name the server refuses inside a password ("Li Wei" has two; 张三 none). The
 * server checks the stored name, and an account without one is shown under its user name (userView):
 * that stand-in is not a name the server checks, so it adds no words here either.
 */
function nameWords(owner: PasswordOwner): string[] {
  if (!owner.displayName || owner.displayName === owner.username) return [];
  return owner.displayName.split(/[\s·.\-_]+/).filter((w) => w !== '');
}

/** The old password: a field of the same form, or known already (typed at sign-in a moment ago). */
export type OldPassword = { field: string } | { known: string };

/** The new password, which may not be the old one. */
export function newPasswordRules(owner: PasswordOwner, old: OldPassword): FormRule[] {
  return [
    { required: true, message: '请填写新密码。' },
    ({ getFieldValue }) => ({
      validator: async (_rule, value: string | undefined) => {
        if (!value) return;
        const policy = newPasswordSchema.safeParse(value);
        if (!policy.success) throw new Error(policy.error.issues[0]!.message);
        const weak = weakPasswordReason(value, { username: owner.username, words: nameWords(owner) });
        if (weak) throw new Error(weak);
        const oldValue: unknown = 'field' in old ? getFieldValue(old.field) : old.known;
        if (value === oldValue) throw new Error('新密码不能和原密码相同，请换一个新密码。');
      },
    }),
  ];
}

/** The new password typed again: `newField` names the new-password field. */
export function repeatPasswordRules(newField: string): FormRule[] {
  return [
    { required: true, message: '请再填写一遍新密码。' },
    ({ getFieldValue }) => ({
      validator: async (_rule, value: string | undefined) => {
        if (value && value !== getFieldValue(newField)) throw new Error('两次填写的新密码不一样，请重新填写。');
      },
    }),
  ];
}
