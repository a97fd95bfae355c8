import { boundaryFor } from '../../src-web/ErrorBoundary.js';
import { reportClientError } from '../error-reporting.js';

const EXPLANATION = (
  <>
    这个页面在显示时出了错，出错的情况已经记在服务器的日志里。已经作出的审核决定都保存在服务器上，不会丢失。
    <br />
    请点“重新加载”再试；如果再次出现，请记下出错的时间，告诉系统管理员。
  </>
);

/** The console's boundary: a render error goes to the sync server's log (POST /console/client-errors). */
export const ErrorBoundary = boundaryFor(reportClientError, EXPLANATION);
