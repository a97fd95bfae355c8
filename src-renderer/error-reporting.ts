import { createErrorReporter } from '../src-shared/client-error-report.js';
import { api } from './api/desktop-client.js';

/** Sends the window's own failures to the desktop log (app.reportError); see client-error-report.ts. */
export const reportClientError = createErrorReporter((report) => api['app.reportError'](report));
