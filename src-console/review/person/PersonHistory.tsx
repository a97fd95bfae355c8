import { Timeline } from 'antd';
import { reviewStepName, type ReviewPersonResponse } from '../../../src-shared/contract/sync-api.js';
import { fieldLabel } from '../../../src-shared/template.js';
import { chinaMinute } from '../../../src-shared/china-time.js';

/** Each version (what changed from the one before) with the decisions taken on it, oldest first. */
export function PersonHistory({ person }: { person: ReviewPersonResponse }) {
  const items = person.versions.flatMap((v, i) => {
    const before = i > 0 ? person.versions[i - 1]!.fields : undefined;
    const fieldChanges = v.changed.filter((k) => k !== 'photo');
    return [
      {
        key: `v${v.version}`,
        color: 'blue',
        content: (
          <span>
            第 {v.version} 次提交 · {chinaMinute(v.submittedAt)} · {v.submittedBy}
            {v.version > 1 && v.changed.length === 0 && '；内容未改动（补充资料后重新提交）'}
            {v.changed.includes('photo') && '；换了照片'}
            {before &&
              fieldChanges.map((k) => (
                <div key={k} className="person-history-change">
                  {fieldLabel(k)}：{before[k as keyof typeof before] || '（空）'} → {v.fields[k as keyof typeof v.fields] || '（空）'}
                </div>
              ))}
          </span>
        ),
      },
      ...person.decisions
        .filter((d) => d.version === v.version)
        .map((d, j) => ({
          key: `v${v.version}d${j}`,
          color: d.result === 'approved' ? 'green' : 'red',
          content: (
            <span>
              {reviewStepName(d.level, d.kind)}
              {d.result === 'approved' ? '通过' : '驳回'} · {chinaMinute(d.decidedAt)} · {d.reviewer}
              {d.comment && <div className="person-history-comment">意见：{d.comment}</div>}
            </span>
          ),
        })),
    ];
  });
  return (
    <div data-testid="history">
      <Timeline items={items} />
    </div>
  );
}
