import { createContext, useContext } from 'react';

/**
 * When the last pull finished, as the status bar last saw it: a page that shows what pulls bring
 * (人员退回, 首页) lists it again when this changes, so a decision made on the server appears
 * without a click — and without remounting the page, so nothing typed in an open form is lost.
 */
export const PullStamp = createContext('');

export function usePullStamp(): string {
  return useContext(PullStamp);
}
