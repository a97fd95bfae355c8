import { Alert, Descriptions, Timeline, Typography } from 'antd';
import type { PersonDetail } from '../../../src-shared/contract/desktop-api.js';
import { reviewStepName } from '../../../src-shared/contract/sync-common.js';
import { commentParts } from './review-comment.js';

/** A returned person's latest comment, one request per line, beside the form they are fixing. */
export function ReviewComment({ detail }: { detail: PersonDetail }) {
  const parts = commentParts(detail.reviewComment);
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      message="审核意见"
      description={
        <div data-testid="review-comment">
          {parts.length > 1 ? (
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {parts.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ol>
          ) : (
            <div>{detail.reviewComment || '（审核人没有填写意见）'}</div>
          )}
          <Typography.Text type="secondary">
            {detail.resubmit ? '已重新提交，等待发送和审核。' : parts.length > 1 ? `共 ${parts.length} 条，请逐条改完并保存，再点“重新提交”。` : '改完并保存后，点“重新提交”。'}
          </Typography.Text>
        </div>
      }
    />
  );
}

/** Every decision on the person so far, newest last, with the level, the reviewer and the comment. */
export function ReviewHistory({ records }: { records: PersonDetail['reviewRecords'] }) {
  if (records.length === 0) return null;
  return (
    <>
      <Typography.Title level={5}>审核记录</Typography.Title>
      <Timeline
        items={records.map((r) => ({
          color: r.result === 'approved' ? 'green' : 'red',
          children: (
            <Descriptions
              size="small"
              column={1}
              items={[
                { label: reviewStepName(r.level, r.kind), children: `${r.result === 'approved' ? '通过' : '退回'}（第 ${r.version} 次提交）` },
                { label: '审核人', children: r.reviewer },
                { label: '时间', children: r.decidedAt.slice(0, 19).replace('T', ' ') },
                ...(r.comment ? [{ label: '意见', children: r.comment }] : []),
              ]}
            />
          ),
        }))}
      />
    </>
  );
}
