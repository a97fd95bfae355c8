import { feesEnabled, paymentView, savePaymentInfo } from '../payments/payment-service.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

type PaymentsMethod = 'payments.settings' | 'payments.get' | 'payments.save';

/** 交费: a batch's 交费信息 and 收据、资料领取信息 (fees on only), saved here and sent with the batch's push. */
export function paymentsHandlers(deps: Pick<DesktopDeps, 'db' | 'blobs' | 'actor' | 'registration' | 'kickOutbox'>): ImplFor<PaymentsMethod> {
  const { db, registration } = deps;
  return {
    'payments.settings': () => ({ enabled: feesEnabled(db) }),
    'payments.get': (i) => paymentView(db, registration().getBatch(i.batchId)),
    'payments.save': (i) => {
      const view = savePaymentInfo(deps, registration().getBatch(i.batchId), i.fields, i.slipFile);
      // A push was queued for a batch already on the server: let it go now.
      deps.kickOutbox?.();
      return view;
    },
  };
}
