import { Button, Empty, Image, List, Space, Tag, Typography } from 'antd';
import type { PersonDetail } from '../../../src-shared/contract/desktop-api.js';
import type { Issue } from '../../../src-shared/domain/issue.js';

export const SEVERITY_COLOR: Record<Issue['severity'], string> = { error: 'red', warning: 'orange', fixed: 'gold' };
export const SEVERITY_WORD: Record<Issue['severity'], string> = { error: '错误', warning: '提醒', fixed: '已自动修正' };

/** The person's photo with its findings, 选择照片 and 一键修正 (both only save; nothing is sent). */
export function PhotoPanel(props: { detail: PersonDetail | undefined; url: string | null; editable: boolean; onAttach: () => void; onFix: () => void }) {
  const { detail, url, editable } = props;
  return (
    <>
      <Typography.Title level={5}>照片</Typography.Title>
      {url ? <Image src={url} alt="证件照" width={150} data-testid="photo-preview" /> : <Empty description={detail ? '还没有照片' : '先保存此人，再选择照片'} />}
      <Space style={{ margin: '8px 0' }}>
        <Button onClick={props.onAttach} disabled={!detail || !editable}>
          选择照片
        </Button>
        <Button onClick={props.onFix} disabled={!detail?.photo || !editable}>
          一键修正
        </Button>
      </Space>
      {detail?.photo && (
        <List
          size="small"
          dataSource={detail.photo.issues}
          locale={{ emptyText: '照片符合要求。' }}
          renderItem={(i) => (
            <List.Item>
              <Tag color={SEVERITY_COLOR[i.severity]}>{SEVERITY_WORD[i.severity]}</Tag>
              {i.message}
            </List.Item>
          )}
        />
      )}
    </>
  );
}
