/**
 * The reasons reviewers give most often, offered as one-key picks in the rejection dialog (keys 1–9).
 * Each says what the unit has to do, because the clerk reads it word for word under 人员退回.
 * Drawn from the provinces' requirements: photo spec, the three proof documents (三定方案、在编证明、
 * 委托书), identity data, and who may sit the exam.
 */
export const REJECTION_REASONS: readonly string[] = [
  '照片不符合要求：请换成近三个月内的免冠正面证件照，按规定的背景色、尺寸和文件大小重新上传。',
  '佐证资料缺失或看不清：请补充上传清晰完整的三定方案、在编证明或委托书。',
  '身份证号与姓名、出生日期或性别不一致：请核对身份证后改正。',
  '执法单位或所属县(市、区)填写有误：请按单位全称和所属司法辖区改正。',
  '执法岗位、职级或考试类别填写有误：请核对后改正。',
  '学历、专业或是否法律专业填写有误：请按毕业证书改正。',
  '不属于行政执法人员报名范围：请核实此人的编制和岗位，不符合条件的不要再提交。',
  '已达到或临近退休年龄：请核实出生日期；确需报名的请附单位说明。',
  '重复报名：此人已在其他批次或单位报名，这一条不要再提交；如另一条的信息有误，请在那一条中修改。',
];
