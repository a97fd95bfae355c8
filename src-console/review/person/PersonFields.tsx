import { Descriptions, Typography } from 'antd';
import type { ReviewPersonResponse } from '../../../src-shared/contract/sync-api.js';
import type { CodeTables } from '../../../src-shared/rules/code-tables.js';
import { fieldRows } from '../field-rows.js';

/** Every field of the version waiting, in the template's order, codes with their names. */
export function PersonFields({ person, tables }: { person: ReviewPersonResponse; tables: CodeTables | undefined }) {
  return (
    <div data-testid="person-fields">
      <Descriptions bordered size="small" column={2} styles={{ label: { width: 150 } }}>
        {fieldRows(person.batch.kind, person.fields, tables).map((f) => (
          <Descriptions.Item key={f.key} label={f.label}>
            {/* An ID number is read digit by digit against the card: never broken over two lines. */}
            {f.key === 'idNumber' && f.value ? (
              <span className="console-id" data-testid="person-id-number">
                {f.value}
              </span>
            ) : (
              f.value || <Typography.Text type="secondary">（空）</Typography.Text>
            )}
            {f.meaning && <Typography.Text type="secondary">（{f.meaning}）</Typography.Text>}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </div>
  );
}
