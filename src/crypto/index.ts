// The crypto layer's public surface: bytes in, bytes out; every operation takes an optional provider.
export {
  type CipherAlgorithm,
  type BlockCipher,
  type CipherProvider,
  type CipherOptions,
  type CbcOptions,
  getDefaultProvider,
  setDefaultProvider,
  blockSizeOf,
  createCipher,
  encryptEcb,
  decryptEcb,
  encryptCbc,
  decryptCbc,
} from './cipher.js';
export { portableProvider } from './portable-provider.js';
export { SecretKey, type KeyInput, type SecretKeyOptions, type SecretKeyView } from './key.js';
export { adjustOddParity, hasOddParity, isWeakKey, type WeakKeyOptions } from './key-checks.js';
export { kcv, kcvMatches, type KcvOptions } from './kcv.js';
export type { KcvMethod } from './cmac-core.js';
export { constantTimeEqual } from './constant-time.js';
export * from './pin/index.js';
export * from './mac/index.js';
export {
  type CupKeyLayout,
  type CupKeyOptions,
  type CupWorkingKeys,
  type CupWorkingKeyInput,
  decryptCupWorkingKeys,
  encryptCupWorkingKeys,
  decryptKeyUnderTmk,
  encryptKeyUnderTmk,
} from './cup-keys.js';
export {
  type SmKeySlot,
  type SmWorkingKeys,
  type SmKeyOptions,
  SM_KEY_LAYOUT,
  decryptSmWorkingKeys,
  encryptSmWorkingKeys,
} from './cup-sm-keys.js';
export { sha1 } from './sha1.js';
export {
  type TrackCipherScheme,
  type TrackEncryptionOptions,
  cupTrackScheme,
  wholeTrackScheme,
  encryptTrackData,
  decryptTrackData,
} from './track-encryption.js';
export * from './dukpt/index.js';
export * from './tr31/index.js';
export {
  type MessageMacScheme,
  type MessageMacOptions,
  type CupWorkingKeysFromMessageOptions,
  messageMacInput,
  signMessage,
  verifyMessageMac,
  verifyDecodedMessageMac,
  cupWorkingKeysFromMessage,
} from './message-mac.js';
