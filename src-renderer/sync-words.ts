import type { DesktopOutput } from '../src-shared/contract/desktop-api.js';
import { localClock } from '../src-shared/local-time.js';

type SyncStatusView = DesktopOutput<'sync.status'>;
export type BadgeState = 'success' | 'error' | 'default' | 'processing' | 'warning';

/**
 * The status bar's words about the server, from the last time a request reached it or did not —
 * not the browser's online flag, which says 已连接 while the server is down or the proxy refuses.
 */
export function networkWords(s: SyncStatusView): { state: BadgeState; text: string; tip: string } {
  if (!s.serverUrl) return { state: 'default', text: '未设置同步服务器', tip: '请在“同步设置”中填写司法局提供的服务器地址。' };
  const { okAt, failedAt, failure, detail } = s.contact;
  if (failedAt && failedAt > okAt) {
    return { state: 'error', text: `连不上同步服务器：${failure}，数据保存在本机，联网后自动上传`, tip: detail };
  }
  if (okAt) return { state: 'success', text: `已连接同步服务器（${localClock(new Date(okAt)).slice(0, 5)}）`, tip: s.serverUrl };
  return { state: 'processing', text: '还没有连接过同步服务器', tip: '登录后会自动连接；也可以点“同步”。' };
}

export function signInWords(s: SyncStatusView): { state: BadgeState; text: string } {
  if (!s.signedIn) return { state: 'default', text: '未登录同步服务器' };
  if (s.signedIn.mustChangePassword) return { state: 'warning', text: `需修改密码：${s.signedIn.username}（在“同步设置”中修改后才能提交和同步）` };
  return { state: 'success', text: `已登录：${s.signedIn.username}` };
}

/** 新消息：2 人被退回，3 人已通过 — '' when nothing new came back. */
export function newsWords(news: SyncStatusView['news']): string {
  const parts = [
    news.rejected ? `${news.rejected} 人被退回` : '',
    news.approved ? `${news.approved} 人已通过` : '',
    news.trainingOpened ? `已交费，已开通网络培训 ${news.trainingOpened} 人` : '',
  ].filter(Boolean);
  return parts.length ? `新消息：${parts.join('，')}` : '';
}

/** What one 同步 brought, for the message after the button. */
export function pulledWords(r: DesktopOutput<'sync.pull'>): string {
  if (r.decisions === 0 && r.studyAccounts === 0 && r.studyRecords === 0 && r.examScores === 0) return '同步完成：没有新的审核结果。';
  return `同步完成：退回 ${r.rejected} 人，通过 ${r.approved} 人，学习账号 ${r.studyAccounts} 个。`;
}
