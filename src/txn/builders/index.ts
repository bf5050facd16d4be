// Request builders: pure functions from a terminal context and transaction inputs to an unsigned request.
export type { Amount } from './amount.js';
export type { CardInput, PinInput, QrInput, QrTag } from './card-input.js';
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
export {
  buildScriptNotification,
  buildChipFailureUpload,
  buildEcOfflineUpload,
  chipOriginalOf,
  chipUploadRecord,
  finalCryptogramIcc,
  issuerDataOf,
  SCRIPT_ADVICE_TAGS,
  type IssuerData,
  type ChipOriginal,
  type ScriptNotificationInput,
  type ChipUploadResult,
  type ChipUploadRecordInput,
  type ChipFailureUploadInput,
  type EcOfflineUploadInput,
} from './chip.js';
export {
  buildQrOrder,
  buildPaymentResultQuery,
  readQrOrderAnswer,
  qrVoucherOf,
  field59Tag,
  IN_PROGRESS_CODES,
  QR_ORDER_TAG,
  QR_CODE_TAG,
  type QrOrderInput,
  type PaymentResultQueryInput,
} from './qr.js';
export { luhnValid } from './validate-input.js';
