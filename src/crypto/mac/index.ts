export { type MacPadding, padIso9797 } from './mac-padding.js';
export {
  type AnsiX99MacOptions,
  type CbcMacOptions,
  generateAnsiX99Mac,
  generateCbcMac,
  verifyAnsiX99Mac,
  verifyCbcMac,
} from './cbc-mac.js';
export {
  type RetailMacOptions,
  generateAnsiX919Mac,
  generateRetailMac,
  verifyAnsiX919Mac,
  verifyRetailMac,
} from './retail-mac.js';
export { type CmacOptions, generateCmac, verifyCmac } from './cmac.js';
export { type CupEcbMacOptions, generateCupEcbMac, verifyCupEcbMac } from './cup-ecb-mac.js';
