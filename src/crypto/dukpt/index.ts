// DUKPT: TDES (ANSI X9.24-1:2009) and AES (ANSI X9.24-3-2017) derived unique keys per transaction.
export {
  deriveIpekTdes,
  deriveTransactionKeyTdes,
  deriveChildKeyTdes,
  dukptTdesWorkingKey,
} from './tdes.js';
export type { DukptTdesKeyUsage } from './tdes.js';
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
  dukptAesWorkingKey,
  dukptAesDerivationData,
} from './aes.js';
export type { DukptAesKeyType, DukptAesKeyUsage } from './aes.js';
export { ksnCounterAes, withCounterAes, nextKsnAes, AES_COUNTER_BITS, AES_MAX_COUNTER_ONE_BITS } from './aes-ksn.js';
