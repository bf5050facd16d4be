// DUKPT: TDES (ANSI X9.24-1:2009) and AES (ANSI X9.24-3-2017) derived unique keys per transaction, under one naming
// scheme: deriveInitialKey…, deriveTransactionKey…, deriveChildKey…, deriveWorkingKey…, and deriveHostKeys… for a
// host's one call from the BDK and the KSN. Every derived key is a SecretKey.
export {
  deriveInitialKeyTdes,
  deriveTransactionKeyTdes,
  deriveChildKeyTdes,
  deriveWorkingKeyTdes,
  deriveHostKeysTdes,
} from './tdes.js';
export type { DukptOptions, DukptTdesHostOptions, DukptTdesKeyUsage } from './tdes.js';
export {
  ksnCounterTdes,
  withCounterTdes,
  nextKsnTdes,
  TDES_COUNTER_BITS,
  TDES_MAX_COUNTER_ONE_BITS,
} from './tdes-ksn.js';
export {
  deriveInitialKeyAes,
  deriveTransactionKeyAes,
  deriveChildKeyAes,
  deriveWorkingKeyAes,
  deriveHostKeysAes,
  derivationDataAes,
} from './aes.js';
export type { DukptAesHostOptions, DukptAesKeyType, DukptAesKeyUsage, DukptAesWorkingKeyOptions } from './aes.js';
export { ksnCounterAes, withCounterAes, nextKsnAes, AES_COUNTER_BITS, AES_MAX_COUNTER_ONE_BITS } from './aes-ksn.js';
