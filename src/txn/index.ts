// The transaction layer's public surface: the CUP POS transaction table and response codes, request
// builders, journals and settlement totals, the terminal session and the host-side responder.
export type {
  TransactionKind,
  TransactionDef,
  ReversalReason,
  PendingReversal,
  ReversalJournalState,
  CardClass,
  BatchRecord,
  BatchJournalState,
  ClassTotals,
  SettlementTotals,
  ReconciliationResult,
  ExchangeRecord,
  ExchangeStatus,
  SettlementProgress,
} from './types.js';

export {
  TRANSACTIONS,
  TRANSACTION_KINDS,
  identifyTransaction,
  identifyReversedTransaction,
  identifyUploadedAdvice,
  responseMtiOf,
} from './transaction-table.js';
export {
  type ResponseAction,
  type ResponseCodeInfo,
  RESPONSE_CODES,
  classifyResponseCode,
  isApproval,
} from './response-codes.js';
export { type ValidateRequestOptions, validateRequest } from './validate-request.js';
export { type RespondOptions, respondTo } from './host-responder.js';

export * from './builders/index.js';

export { ReversalJournal, isReversalReason, reversalIcc } from './reversal-journal.js';
export { BatchJournal, type BatchRecordInput, type UploadStep, MAX_UPLOAD_RECORDS, settlementDirection, uploadRoute } from './batch-journal.js';
export {
  type CardClassOptions,
  DEFAULT_DOMESTIC_PREFIXES,
  cardClassOf,
  settlementField48,
  reconciliationResult,
  readReconciliation,
  sameTotals,
} from './settlement.js';

export { STAN_MIN, STAN_MAX, isStanNumber, followingStan, formatStan, parseStan } from './stan.js';
export { tracksEnciphered, encipherTracks, decipherTracks } from './track-fields.js';
export {
  type ManagementContext,
  type SignInKeyLayout,
  type TerminalInfo,
  type SignInInput,
  type SettlementInput,
  type BatchUploadEndCode,
  type BatchUploadEndInput,
  type IcTcUploadCode,
  type IcTcUploadInput,
  buildSignIn,
  buildSignOut,
  buildEcho,
  buildSettlement,
  buildBatchUpload,
  buildBatchUploadEnd,
  buildIcTcUpload,
  buildAdviceUpload,
  cardClassCode,
} from './management.js';
export * from './params/index.js';
export {
  type ResponseOutcome,
  type ParameterOutcome,
  type ReceivedFrame,
  type ResponseDecision,
  readResponseFrame,
  responseMismatches,
  checkResponseMatches,
  decideResponse,
  panOf,
  batchRecordOf,
  cardClassOfOrganisation,
  cancelledStanOf,
} from './response.js';
export {
  type TerminalConfig,
  type TerminalState,
  type Outgoing,
  type SessionOptions,
  type CannotCompleteOptions,
  type StoredAdvice,
  type ScriptResultInput,
  type BuilderInput,
  type SessionVoidInput,
  type SessionRefundInput,
  TerminalSession,
  followingBatch,
} from './session.js';
export { type StateSealer, type SealedTerminalState, sealState, openState } from './state-sealing.js';
export { type PendingPayment } from './session-state.js';
export { type QueuedAdvice, STORABLE_KINDS } from './advice-queue.js';
export { type MerchantIdParts, ACQUIRER_NAMES, isMerchantId, parseMerchantId, formatMerchantId } from './merchant-id.js';
