// Request builders: pure functions from a terminal context and transaction inputs to an unsigned request.
export type { Amount } from './amount.js';
export type { CardInput, PinInput } from './card-input.js';
export type { BuildContext } from './context.js';
export {
  buildBalanceInquiry,
  buildSale,
  buildVoid,
  buildRefund,
  type CardRequestInput,
  type BalanceInquiryInput,
  type SaleInput,
  type VoidInput,
  type RefundInput,
} from './financial.js';
export {
  buildPreauth,
  buildPreauthVoid,
  buildPreauthCompletion,
  buildPreauthCompletionVoid,
  buildPreauthCompletionAdvice,
  type PreauthInput,
  type PreauthReference,
  type PreauthVoidInput,
  type PreauthCompletionInput,
  type PreauthCompletionAdviceInput,
  type PreauthCompletionVoidInput,
} from './preauth.js';
export {
  buildOfflineSettlement,
  buildAdjustment,
  buildTip,
  type OfflineSettlementInput,
  type AdjustedOriginal,
  type AdjustmentInput,
  type TipInput,
} from './offline.js';
export { luhnValid } from './validate-input.js';
