// The PIN family: ISO 9564-1 PIN blocks of formats 0 to 4 and CUP's format 0 without the PAN, clear and encrypted.
export { type RandomSource } from '../random.js';
export { type PinFillOptions } from './pin-field.js';
export {
  decodePinBlockCupNoPan,
  decodePinBlockIso0,
  decodePinBlockIso1,
  decodePinBlockIso2,
  decodePinBlockIso3,
  encodePinBlockCupNoPan,
  encodePinBlockIso0,
  encodePinBlockIso1,
  encodePinBlockIso2,
  encodePinBlockIso3,
} from './formats.js';
export {
  type Iso4Options,
  decipherPinBlockIso4,
  decodePinFieldIso4,
  encipherPinBlockIso4,
  encodePanFieldIso4,
  encodePinFieldIso4,
} from './iso4.js';
export { type PinBlockCryptOptions, type PinBlockFormat, decryptPinBlock, encryptPinBlock } from './pin-block.js';
