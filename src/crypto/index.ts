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
  encryptEcbExplicit,
  decryptEcbExplicit,
} from './cipher.js';
export type { CipherModule } from './block-cipher.js';
export { createProvider, type CipherModules, type CreateProviderOptions } from './cipher-set.js';
export { des, tdes } from './des.js';
export { aes } from './aes.js';
export { sm4 } from './sm4.js';
export { portableProvider } from './portable-provider.js';
export { CipherKey, SecretKey, type CipherKeyOptions, type KeyInput, type SecretKeyOptions, type SecretKeyView } from './key.js';
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
  decryptCupWorkingKeysExplicit,
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
  type MessageMacPart,
  type ExplicitMessageMacOptions,
  cupEcbScheme,
  retailScheme,
  x99Scheme,
  cmacScheme,
  type CupWorkingKeysFromMessageOptions,
  messageMacInput,
  signMessage,
  signMessageExplicit,
  verifyMessageMac,
  verifyMessageMacExplicit,
  verifyDecodedMessageMac,
  cupWorkingKeysFromMessage,
  cupWorkingKeysFromMessageExplicit,
} from './message-mac.js';
