import { AutoComplete, DatePicker, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { CodeChoiceTables } from '../../../src-shared/contract/desktop-reference-api.js';
import { parseDateCell } from '../../../src-shared/rules/dates.js';
import type { TemplateColumn } from '../../../src-shared/template.js';
import { codeOptions, joinCodes, matchesOption, splitCodes, type CodeOption } from './code-options.js';

/**
 * One field of the person form, in the editor its column calls for: a searchable drop-down for a
 * coded column (several codes for 执法岗位), a date picker for a date, text otherwise. Whatever the
 * editor, the value handed on is the text the template cell holds (the code, the name, YYYY-MM-DD),
 * so the rules see exactly what an import would give them.
 */
export interface FieldEditorProps {
  column: TemplateColumn;
  value: string;
  onChange: (value: string) => void;
  tables: CodeChoiceTables | undefined;
}

/** Shapes the picker reads as typed; the first is how it shows a date. The rules read more on blur. */
const DATE_FORMATS = ['YYYY-MM-DD', 'YYYY/M/D', 'YYYY.M.D', 'YYYY-M-D', 'YYYYMMDD', 'YYYY年M月D日'];

const GENDER: CodeOption[] = [
  { value: '男', label: '男', keys: ['男', 'n', 'nan'] },
  { value: '女', label: '女', keys: ['女', 'n', 'nv'] },
];

export function FieldEditor({ column: c, value, onChange, tables }: FieldEditorProps) {
  const common = { 'aria-label': c.header, style: { width: '100%' } };
  if (c.cell === 'date') return <DateField {...common} value={value} onChange={onChange} />;
  if (c.key === 'gender') {
    return (
      <Select {...common} value={value || undefined} onChange={(v?: string) => onChange(v ?? '')} options={GENDER} allowClear placeholder="可不选，按身份证号判断" />
    );
  }
  const table = c.table && tables ? tables[c.table] : undefined;
  if (!c.table || !table || table.entries.length === 0) {
    // 职级代码 until the real table is known: any 6 digits, typed.
    return <Input {...common} value={value} onChange={(e) => onChange(e.target.value)} />;
  }
  const options = codeOptions(c.table, table);
  const search = { filterOption: (input: string, o?: CodeOption) => matchesOption(input, o), optionFilterProp: 'label' as const };
  if (table.multiple) {
    return (
      <Select<string[], CodeOption>
        {...common}
        mode="multiple"
        value={splitCodes(value)}
        onChange={(v) => onChange(joinCodes([...v].sort()))}
        options={options}
        showSearch={search}
        placeholder="可多选"
        allowClear
      />
    );
  }
  if (table.acceptPattern) {
    // Codes outside the list are accepted too: suggestions, but the clerk may type any code.
    return <AutoComplete {...common} value={value} onChange={(v: string) => onChange(v)} options={options} filterOption={(input, o) => matchesOption(input, o)} />;
  }
  return (
    <Select<string, CodeOption>
      {...common}
      value={value || undefined}
      onChange={(v?: string) => onChange(v ?? '')}
      options={options}
      showSearch={search}
      allowClear
      placeholder="请选择，可输入代码、名称或拼音首字母查找"
    />
  );
}

function DateField(props: { 'aria-label': string; style: React.CSSProperties; value: string; onChange: (v: string) => void }) {
  const { value, onChange, ...rest } = props;
  const shown: Dayjs | null = /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value, 'YYYY-MM-DD', true).isValid() ? dayjs(value, 'YYYY-MM-DD') : null;
  return (
    <DatePicker
      {...rest}
      format={DATE_FORMATS}
      value={shown}
      // A value that is no date (an import's 1991-02-30) stays visible here and in the finding below.
      placeholder={value && !shown ? value : 'YYYY-MM-DD，可直接输入'}
      onChange={(d: Dayjs | null) => onChange(d ? d.format('YYYY-MM-DD') : '')}
      onBlur={(e) => {
        // What the picker's own formats miss but the rules read (2001_1_22, a serial number): take it.
        const typed = (e.target as HTMLInputElement).value.trim();
        if (!typed || typed === value) return;
        const r = parseDateCell(typed);
        if (r.ok && r.iso !== value) onChange(r.iso);
      }}
    />
  );
}
