import { Flex, Select, Space } from 'antd';
import type { ReviewPendingBatch } from '../../../src-shared/contract/sync-api.js';

export type Round = 'all' | 'first' | 'again';
export type SortBy = 'waiting' | 'name';

export interface QueueFilter {
  unitId?: number | undefined;
  batchId?: string | undefined;
  round: Round;
  sort: SortBy;
}

/** The units with their waiting counts, from the batches (every batch waiting here, whatever the filter). */
function unitsOf(batches: readonly ReviewPendingBatch[]): Array<{ unitId: number; unitName: string; count: number }> {
  const units = new Map<number, { unitId: number; unitName: string; count: number }>();
  for (const b of batches) {
    const u = units.get(b.unitId) ?? { unitId: b.unitId, unitName: b.unitName, count: 0 };
    u.count += b.pending;
    units.set(b.unitId, u);
  }
  return [...units.values()];
}

/**
 * One compact line above the list: filters (单位, 批次, 提交次数) and the order on the left, the actions on
 * the right. A filter chosen gives the keys back to the list (`onDone`), so J/K work at once.
 */
export function QueueToolbar({ batches, filter, onFilter, actions, onDone }: {
  batches: readonly ReviewPendingBatch[];
  filter: QueueFilter;
  onFilter: (f: QueueFilter) => void;
  actions: React.ReactNode;
  onDone: () => void;
}) {
  const units = unitsOf(batches);
  const total = units.reduce((n, u) => n + u.count, 0);
  const shownBatches = batches.filter((b) => filter.unitId === undefined || b.unitId === filter.unitId);
  const set = (f: QueueFilter) => {
    onFilter(f);
    onDone();
  };
  return (
    <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
      <Space size={8} data-testid="queue-filters">
        <Select<number | 'all'>
          aria-label="单位"
          style={{ width: 220 }}
          popupMatchSelectWidth={320}
          value={filter.unitId ?? 'all'}
          onChange={(v) => set({ ...filter, unitId: v === 'all' ? undefined : v, batchId: undefined })}
          options={[
            { value: 'all', label: `全部单位（${total} 人）` },
            ...units.map((u) => ({ value: u.unitId, label: `${u.unitName}（${u.count} 人）` })),
          ]}
          showSearch={{ optionFilterProp: 'label' }}
        />
        <Select<string>
          aria-label="批次"
          style={{ width: 210 }}
          popupMatchSelectWidth={360}
          value={filter.batchId ?? 'all'}
          onChange={(v) => {
            const b = batches.find((x) => x.batchId === v);
            set({ ...filter, batchId: b?.batchId, unitId: b ? b.unitId : filter.unitId });
          }}
          options={[
            { value: 'all', label: '全部批次' },
            ...shownBatches.map((b) => ({ value: b.batchId, label: `${b.number}（${b.pending} 人）`, title: `${b.unitName} · ${b.name}` })),
          ]}
          showSearch={{ optionFilterProp: 'label' }}
        />
        <Select<Round>
          aria-label="提交次数"
          style={{ width: 140 }}
          value={filter.round}
          onChange={(round) => set({ ...filter, round })}
          options={[
            { value: 'all', label: '全部提交次数' },
            { value: 'first', label: '首次提交' },
            { value: 'again', label: '第 2 次及以上' },
          ]}
        />
        <Select<SortBy>
          aria-label="排序"
          style={{ width: 140 }}
          value={filter.sort}
          onChange={(sort) => set({ ...filter, sort })}
          options={[
            { value: 'waiting', label: '等待最久在前' },
            { value: 'name', label: '按姓名排序' },
          ]}
        />
      </Space>
      <Space size={8}>{actions}</Space>
    </Flex>
  );
}
