import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Modal, Progress, Space, Typography } from 'antd';
import { api } from '../api/desktop-client.js';
import { useAction } from '../use-action.js';
import { usePathPrompt } from '../components/path-prompt.js';
import { useJobProgress } from '../components/use-job-progress.js';
import { isFiltered, type SearchFilter } from './records-shared.js';

/**
 * 人员管理's two files for handing out study accounts, for the people of the current search (all of
 * them, not just this page): 导出学习账号 (a list to print on A4 landscape) and 打印账号条 (one slip per
 * person, eight to an A4 page, to cut out). Both are .xlsx the clerk opens in Excel or WPS and prints;
 * while one is written its progress shows here and in the status bar.
 */

/** The main process's progress line for these files (src-main/services/study-accounts-export.ts). */
const TASK = 'studyAccounts';

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
};

/** The search as the main process takes it (without 审核状态, which 人员管理 has not). */
const searchOf = (f: SearchFilter) => ({
  ...(f.name ? { name: f.name } : {}),
  ...(f.idNumber ? { idNumber: f.idNumber } : {}),
  ...(f.dateFrom ? { dateFrom: f.dateFrom } : {}),
  ...(f.dateTo ? { dateTo: f.dateTo } : {}),
});

export function AccountFiles({ filter, total }: { filter: SearchFilter; total: number }) {
  const { message } = AntApp.useApp();
  const { busy, error, run } = useAction();
  const [ask, pathPrompt] = usePathPrompt();
  const [slipsOpen, setSlipsOpen] = useState(false);
  const [platformUrl, setPlatformUrl] = useState('');
  const progress = useJobProgress(TASK, busy !== undefined);
  const who = isFiltered(filter) ? `当前查询到的 ${total} 人` : `全部 ${total} 人`;
  const nobody = total === 0 ? '没有审核通过的人员，无法导出' : undefined;

  const exportList = async () => {
    const file = (await ask({ title: '导出学习账号：保存到', mode: 'save', defaultPath: `学习账号-${today()}.xlsx`, filter: 'xlsx' }))?.[0];
    if (!file) return;
    const r = await run('导出学习账号', () => api['studyAccounts.export']({ ...searchOf(filter), file }));
    if (r) void message.success(`学习账号已导出到 ${r.file}，共 ${r.rows} 人。可以用 Excel 或 WPS 打开后打印（A4 横向）。`, 8);
  };

  const openSlips = async () => {
    const r = await api['studyAccounts.platform'](undefined);
    setPlatformUrl(r.ok ? r.value.platformUrl : '');
    setSlipsOpen(true);
  };
  const writeSlips = async () => {
    setSlipsOpen(false);
    const file = (await ask({ title: '打印账号条：保存到', mode: 'save', defaultPath: `学习账号条-${today()}.xlsx`, filter: 'xlsx' }))?.[0];
    if (!file) return;
    const r = await run('打印账号条', () => api['studyAccounts.slips']({ ...searchOf(filter), file, platformUrl }));
    if (r) void message.success(`账号条已保存到 ${r.file}，共 ${r.slips} 人、${r.sheets} 页 A4。请用 Excel 或 WPS 打开后打印，沿虚线剪开，每人一张。`, 8);
  };

  return (
    <>
      <Space wrap>
        <Button onClick={() => void exportList()} loading={busy === '导出学习账号'} disabled={busy !== undefined || total === 0} title={nobody ?? `把${who}的学习账号和初始密码导出为 Excel 表格`}>
          导出学习账号
        </Button>
        <Button onClick={() => void openSlips()} loading={busy === '打印账号条'} disabled={busy !== undefined || total === 0} title={nobody ?? `为${who}各生成一张账号条，打印后剪开发给本人`}>
          打印账号条
        </Button>
        <Typography.Text type="secondary">{total > 0 ? `导出和打印的是${who}（不只是本页）。` : ''}</Typography.Text>
        {busy && progress && progress.total > 0 && (
          <Space>
            <Progress size="small" percent={Math.floor((progress.done / progress.total) * 100)} style={{ width: 160 }} aria-label="进度" />
            <Typography.Text>{progress.text}</Typography.Text>
          </Space>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      <Modal open={slipsOpen} title="打印账号条" okText="生成账号条" cancelText="取消" onOk={() => void writeSlips()} onCancel={() => setSlipsOpen(false)} destroyOnHidden>
        <Typography.Paragraph>
          为{who}每人生成一张账号条（姓名、身份证号、学习账号、初始密码，并提示“首次登录须修改密码”），每页 A4 八张，带剪裁虚线。生成的是 Excel 文件，用 Excel 或 WPS 打开后打印。
        </Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label="学习平台网址（可不填）" extra="会印在每张账号条上，下次自动填好。不填则留一条横线，可以手写。">
            <Input aria-label="学习平台网址" value={platformUrl} onChange={(e) => setPlatformUrl(e.target.value)} maxLength={80} placeholder="例如 http://xuexi.example.gov.cn" allowClear />
          </Form.Item>
        </Form>
      </Modal>
      {pathPrompt}
    </>
  );
}
