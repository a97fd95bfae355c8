import { List, Space, Tag, Typography } from 'antd';
import type { ReviewPersonResponse } from '../../../src-shared/contract/sync-api.js';
import { fieldLabel } from '../../../src-shared/template.js';
import { SEVERITY_LABEL, type Severity } from '../../../src-shared/domain/issue.js';

const SEVERITY_COLOR: Record<Severity, string> = { error: 'red', warning: 'orange', fixed: 'green' };

/** What the server's re-check found on the version waiting (or that it found nothing). */
export function PersonFindings({ issues }: { issues: ReviewPersonResponse['issues'] }) {
  if (issues.length === 0) return <Typography.Text type="success">服务器复核没有发现问题。</Typography.Text>;
  return (
    <List
      size="small"
      data-testid="person-findings"
      dataSource={issues}
      renderItem={(i) => (
        <List.Item>
          <Space orientation="vertical" size={0}>
            <span>
              <Tag color={SEVERITY_COLOR[i.severity]}>{SEVERITY_LABEL[i.severity]}</Tag>
              {fieldLabel(i.field)}
            </span>
            <Typography.Text>{i.message}</Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}
