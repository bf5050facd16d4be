// `pos8583/host`: the acquirer host kit — key store, key issuance, PIN translation, unique RRNs and authorisation
// codes, the reversal ledger, a shared compare-and-set store, and a host assembled from them. Portable: no Node APIs.
export { AcquirerHost, type AcquirerHostOptions, type Authorization, type ExchangeSummary, type HostReply, type HostRequest } from './acquirer-host.js';
export { createKeyStore, workingKeysOf, type DesKeyInput, type KeyStore, type KeyStoreOptions, type TerminalKeys, type WorkingKeySet } from './key-store.js';
export {
  generateWorkingKeys,
  issueWorkingKeys,
  keyCheckValues,
  withOddParity,
  type GeneratedKeys,
  type WorkingKeyLayout,
  type IssuedWorkingKeys,
  type KeyCheckValues,
  type KeyIssueOptions,
} from './key-issuance.js';
export { CUP_PIN_FORMATS, pinBlockFormatOf, translatePinBlock, type PinKeyFormat, type PinTranslateOptions } from './pin-translation.js';
export { createAuthCodeGenerator, createRrnGenerator, type IdentifierGenerator, type IdentifierOptions, type RrnOptions } from './identifiers.js';
export {
  ReversalLedger,
  type AnswerFacts,
  type ClaimOutcome,
  type LedgerEntry,
  type LedgerOriginal,
  type LedgerRef,
  type OriginalState,
  type ReversalFinding,
  type ReversalLedgerOptions,
  type ReversalOutcome,
} from './reversal-ledger.js';
export { MemoryHostStore, MAX_STORE_ATTEMPTS, updateRecord, type HostStore, type RecordUpdate, type StoredRecord } from './store.js';
export type { MaybePromise } from './steps.js';
