import { Typography } from 'antd';
import { CourseTableCard } from './CourseTableCard.js';
import { EligibilityCard } from './EligibilityCard.js';

/** 培训课程与达标 (issue 19 items 3 and 4): the course table units see in 人员查询, and who may print the 准考证. */
export function TrainingPage() {
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        培训课程与达标
      </Typography.Title>
      <CourseTableCard />
      <EligibilityCard />
    </>
  );
}
