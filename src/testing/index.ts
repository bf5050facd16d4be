// The pos8583/testing entry: fast-check generators of valid cards, amounts, chip data and messages.
export { luhnCheckDigit, isLuhnValid, luhnPan, expiry, track2, track3, digitString } from './arbitraries-card.js';
export type { LuhnPanOptions, Track2Options, Track3Options } from './arbitraries-card.js';
export { amount, bnAmount } from './arbitraries-amount.js';
export type { AmountOptions } from './arbitraries-amount.js';
export { emvTlvSet } from './arbitraries-emv.js';
export type { EmvTlvSetOptions } from './arbitraries-emv.js';
export { fieldValue, messageFor } from './arbitraries-dialect.js';
export type { MessageForOptions } from './arbitraries-dialect.js';
export { cupTransaction, anyCupTransaction } from './arbitraries-cup.js';
export type { CupTransactionOptions, GeneratedCupRequest } from './arbitraries-cup.js';
export * from './host-simulator.js';
