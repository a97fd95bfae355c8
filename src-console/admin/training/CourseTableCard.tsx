import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { COURSE_FILE_MAX_BYTES, courseTableResponseSchema, type Course, type CourseTableResponse } from '../../../src-shared/contract/sync-api.js';
import { callApi, postFile } from '../../api/console-client.js';
import { chinaMinute } from '../../../src-shared/china-time.js';

/**
 * 培训课程设置 (issue 19 item 4; the Fujian manual's 人员查询 “本单位学员培训课程设置情况”): the course table in
 * force, and its import from an .xlsx with the columns 课程名称、学时、必修/选修、考试类别. An import replaces
 * the whole table; a file with any wrong row changes nothing and the server names the rows, listed here
 * one a line. Units get the table with their next 同步 and see it in 人员查询.
 */

/** The server's refusal, its rows one a line: "…：第 4 行：… 第 5 行：…". */
function problemLines(message: string): { head: string; rows: string[] } {
  const [head, ...rest] = message.split(/\s(?=第 \d+ 行：)/);
  const first = head ?? message;
  const at = first.search(/第 \d+ 行：/);
  return at < 0 ? { head: first, rows: rest } : { head: first.slice(0, at), rows: [first.slice(at), ...rest] };
}

export function CourseTableCard() {
  const { message } = AntApp.useApp();
  const [table, setTable] = useState<CourseTableResponse>();
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void callApi('GET /admin/courses').then((r) => (r.ok ? setTable(r.value) : setError(r.error.message)));
  }, []);

  const upload = async () => {
    if (!file) return;
    if (file.size > COURSE_FILE_MAX_BYTES) {
      setError(`“${file.name}”有 ${(file.size / 1024 / 1024).toFixed(1)} MB，超过 ${COURSE_FILE_MAX_BYTES / 1024 / 1024} MB 的上限，不像是课程设置表。请检查是否选错了文件。`);
      return;
    }
    setBusy(true);
    const r = await postFile('/admin/courses/import', file, { fileName: file.name }, (j) => courseTableResponseSchema.parse(j));
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setError(undefined);
    setTable(r.value);
    void message.success(`课程设置已导入：共 ${r.value.courses.length} 门课程。各单位下次同步后可在“人员查询”中看到。`);
  };

  const problems = error ? problemLines(error) : undefined;
  const last = table?.lastImport;
  return (
    <Card size="small" title="培训课程设置" style={{ marginBottom: 16 }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <input type="file" aria-label="选择课程设置表" accept=".xlsx" onChange={(e) => { setFile(e.target.files?.[0]); setError(undefined); }} />
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void upload()}>
            导入课程设置
          </Button>
        </Space>
        <Typography.Text type="secondary">
          .xlsx 表格，须有“课程名称、学时、必修/选修、考试类别”四列（表头可在前几行，列的顺序不限）。导入后替换现有的全部课程；有任何一行填错时不做任何改动，并列出要改的行。
        </Typography.Text>
        {problems && (
          <Alert
            type="error"
            showIcon
            data-testid="course-import-error"
            title={problems.head}
            description={problems.rows.length > 0 ? <ul style={{ margin: 0, paddingLeft: 18 }}>{problems.rows.map((p) => <li key={p}>{p}</li>)}</ul> : undefined}
          />
        )}
        <Typography.Text data-testid="course-table-info">
          {last ? `现行课程设置：${table.courses.length} 门，来自“${last.file}”，${last.by} 于 ${chinaMinute(last.at)} 导入。` : '还没有导入课程设置。'}
        </Typography.Text>
        {table && table.courses.length > 0 && (
          <Table<Course>
            size="small"
            rowKey={(c) => `${c.category}/${c.name}`}
            dataSource={table.courses}
            pagination={{ pageSize: 10, showSizeChanger: false, showTotal: (t) => `共 ${t} 门` }}
            columns={[
              { title: '考试类别', dataIndex: 'category', width: 180 },
              { title: '课程名称', dataIndex: 'name' },
              { title: '学时', dataIndex: 'hours', width: 80 },
              { title: '必修/选修', dataIndex: 'required', width: 100, render: (req: boolean) => (req ? <Tag color="blue">必修</Tag> : <Tag>选修</Tag>) },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}
