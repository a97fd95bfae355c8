import { boundaryFor } from '../../src-web/ErrorBoundary.js';
import { reportClientError } from '../error-reporting.js';

const EXPLANATION = (
  <>
    这个页面在显示时出了错，出错的情况已经记在报名助手的日志里。已录入的人员、照片和资料都保存在这台电脑上，不会丢失。
    <br />
    请点“重新加载”再试；如果再次出现，请记下出错的时间，联系技术支持并提供日志。
  </>
);

/** The window's boundary: a render error goes to the desktop log (app.reportError). */
export const ErrorBoundary = boundaryFor(reportClientError, EXPLANATION);
