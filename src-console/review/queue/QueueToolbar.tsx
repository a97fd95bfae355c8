import { useEffect, useRef, useState } from 'react';
import { Flex, Input, Select, Space, type InputRef } from 'antd';
import type { ReviewPendingBatch } from '../../../src-shared/contract/sync-api.js';

export type Round = 'all' | 'first' | 'again';
export type SortBy = 'waiting' | 'name';

export interface QueueFilter {
  unitId?: number | undefined;
  batchId?: string | undefined;
  round: Round;
  sort: SortBy;
  /** Part of a name or the start of an ID number, looked up on the server. */
  q: string;
}

const TYPING_PAUSE_MS = 300;

/**
 * 查找 by name or ID number: asked of the server once typing pauses (the list may hold only the longest
 * waiting page of a long queue), Enter gives the keys back to the list.
 */
function QueueSearch({ value, onChange, onDone, inputRef }: { value: string; onChange: (q: string) => void; onDone: () => void; inputRef: React.Ref<InputRef> }) {
  const [text, setText] = useState(value);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => changed.current(text), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <Input.Search
      ref={inputRef}
      aria-label="查找姓名或身份证号"
      placeholder="姓名或身份证号"
      style={{ width: 180 }}
      maxLength={40}
      allowClear
      value={text}
      onChange={(e) => setText(e.target.value)}
      onSearch={(q) => {
        onChange(q);
        onDone();
      }}
    />
  );
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
export function QueueToolbar({ batches, filter, onFilter, actions, onDone, searchRef }: {
  batches: readonly ReviewPendingBatch[];
  filter: QueueFilter;
  onFilter: (f: QueueFilter) => void;
  actions: React.ReactNode;
  onDone: () => void;
  /** The 查找 box, for the / key. */
  searchRef: React.Ref<InputRef>;
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
          style={{ width: 200 }}
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
          style={{ width: 180 }}
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
          style={{ width: 130 }}
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
          style={{ width: 130 }}
          value={filter.sort}
          onChange={(sort) => set({ ...filter, sort })}
          options={[
            { value: 'waiting', label: '等待最久在前' },
            { value: 'name', label: '按姓名排序' },
          ]}
        />
        <QueueSearch value={filter.q} onChange={(q) => onFilter({ ...filter, q })} onDone={onDone} inputRef={searchRef} />
      </Space>
      <Space size={8}>{actions}</Space>
    </Flex>
  );
}
