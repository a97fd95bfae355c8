import { Alert, Space, Tabs, Tag, Typography } from 'antd';
import { reviewStepName, type ReviewPersonResponse } from '../../../src-shared/contract/sync-api.js';
import type { CodeTables } from '../../../src-shared/rules/code-tables.js';
import { PhotoRealSize } from '../../components/PhotoRealSize.js';
import { statusText } from '../decide.js';
import { PersonEvidence } from './PersonEvidence.js';
import { PersonFields } from './PersonFields.js';
import { PersonFindings } from './PersonFindings.js';
import { PersonHistory } from './PersonHistory.js';

/**
 * The photo column's inner width: 402 px is Fujian's 34×39 mm at 300 DPI, the widest photo any spec
 * in resources/photo-specs.json asks for (Guangxi 90, the national exam 295), so every photo of the
 * exact specs and Fujian's smallest allowed one show at real size. Fujian sets no upper limit; a wider
 * photo is shown scaled down with a button for its real size. The column is this wide at every window
 * size, so the photo can never reach into the fields, findings or history.
 */
export const PHOTO_BOX_WIDTH = 402;

/**
 * One person laid out: where they stand, then a fixed photo column (photo, the server's findings)
 * beside the fields, evidence and history in tabs, which take the rest of the width.
 */
export function PersonDetail({ person: p, tables, notice }: { person: ReviewPersonResponse; tables: CodeTables | undefined; notice?: string | undefined }) {
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Tag color={p.status === 'rejected' ? 'red' : p.status === 'approved' ? 'green' : 'blue'} data-testid="person-status">
          {statusText(p.status, p.pendingAt)}
        </Tag>
        {p.pendingAt && <Tag>等待：{p.pendingAt.jurisdiction}（{reviewStepName(p.pendingAt.level, p.pendingAt.kind)}）</Tag>}
        <Typography.Text type="secondary">
          {p.batch.unitName} · 批次 <span className="console-nowrap">{p.batch.number}</span>（{p.batch.name}）· 第 {p.version} 次提交
        </Typography.Text>
      </Space>
      {notice && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={notice} data-testid="person-notice" />}
      {/* The border of the photo (1 px each side) is inside the column too. */}
      <div className="person-layout" style={{ gridTemplateColumns: `${PHOTO_BOX_WIDTH + 2}px minmax(0, 1fr)` }}>
        <div className="person-photo-column" data-testid="person-photo-column">
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            证件照
          </Typography.Title>
          <PhotoRealSize key={p.personId} photo={p.photo} maxWidth={PHOTO_BOX_WIDTH} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            检查结果
          </Typography.Title>
          <PersonFindings issues={p.issues} />
        </div>
        <div className="person-main-column">
          <Tabs
            items={[
              { key: 'fields', label: '报名信息', children: <PersonFields person={p} tables={tables} /> },
              { key: 'evidence', label: `佐证资料（${p.evidence.length}）`, children: <PersonEvidence key={p.personId} evidence={p.evidence} /> },
              { key: 'history', label: `提交与审核记录（${p.versions.length} 次提交，${p.decisions.length} 条审核）`, children: <PersonHistory person={p} /> },
            ]}
          />
        </div>
      </div>
    </>
  );
}
