import { createErrorReporter } from '../src-shared/client-error-report.js';
import { callApi, storedToken } from './api/console-client.js';

/**
 * Sends the page's own failures to the server's log (POST /console/client-errors; see
 * client-error-report.ts). Only a signed-in reviewer or administrator may send one.
 */
export const reportClientError = createErrorReporter(async (report) => {
  if (storedToken()) await callApi('POST /console/client-errors', report);
});
