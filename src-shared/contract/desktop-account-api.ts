import { z } from 'zod';

/**
 * The account menu and the header (使用说明书 三: "点击右侧三角图标可以进行“修改资料”“修改密码”“退出系统”操作";
 * the header line "2024-01-17 10:09:12 星期三 福州市儿童公园管理处"). 修改密码 and 退出登录 are sync.*;
 * these are the header's facts and 修改资料, kept on this PC. Spread into DESKTOP_API; implemented in
 * src-main/services/account-handlers.ts.
 */

/** 联系电话: digits with the separators people write (0771-1234567, 138 0000 0000, +86…, 转 for an extension). */
const PHONE = /^[0-9+()（）\-\s转]*$/;

export const accountProfileSchema = z.object({
  /** 联系人: the 填报人 of the template's footer. */
  contactName: z.string().trim().max(20, '联系人最多 20 个字，请只填姓名。'),
  contactPhone: z
    .string()
    .trim()
    .max(30, '联系电话太长，最多 30 个字符，请只填一个号码。')
    .regex(PHONE, '联系电话只能填数字（可带区号的“-”、空格或“转”分机号），请检查后再保存。'),
});
export type AccountProfile = z.infer<typeof accountProfileSchema>;

export const accountViewSchema = accountProfileSchema.extend({
  /** Today on the main process's clock, YYYY-MM-DD. */
  today: z.string(),
  /** The header's words for it: 2026年12月6日 星期日. */
  todayText: z.string(),
  /** The user name signed in to the sync server; '' when nobody is. */
  username: z.string(),
  /** True while the server still wants the first password changed. */
  mustChangePassword: z.boolean(),
  /** The 执法单位 and its 司法局 of the account last signed in here ('' before any sign-in). */
  unitName: z.string(),
  jurisdictionName: z.string(),
});
export type AccountView = z.infer<typeof accountViewSchema>;

export const DESKTOP_ACCOUNT_API = {
  /** The header's date and unit, who is signed in, and 修改资料's contact. */
  'account.get': { input: z.object({}).strict().optional(), output: accountViewSchema },
  /** 修改资料: saved on this PC; the next template and 问题清单 carry it in their footer. */
  'account.setProfile': { input: accountProfileSchema, output: accountViewSchema },
} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
