/**
 * An exam's name where a column is narrow (人员导入's batch table): its year and its tail, which is
 * where two exams of one province differ ("2026年度…法人员资格考试", "2026年度…考试（第二批）"); a plain
 * ellipsis at the end would show both as "2026年度广西行政执法…". The whole name goes in the tooltip.
 */
export function shortExamName(name: string, tail = 7): string {
  const chars = Array.from(name);
  const head = /^\d{4}年度?/.exec(name)?.[0] ?? chars.slice(0, 4).join('');
  const headLength = Array.from(head).length;
  if (chars.length <= headLength + tail + 1) return name;
  return `${head}…${chars.slice(-tail).join('')}`;
}
