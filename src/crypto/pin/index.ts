export { type RandomSource } from './random-source.js';
export { decodePinBlockIso0, encodePinBlockIso0 } from './iso0.js';
export { type RandomFillOptions, decodePinBlockIso1, encodePinBlockIso1 } from './iso1.js';
export { decodePinBlockIso2, encodePinBlockIso2 } from './iso2.js';
export { decodePinBlockIso3, encodePinBlockIso3 } from './iso3.js';
export { decodePinFieldIso4, encodePanFieldIso4, encodePinFieldIso4 } from './iso4-fields.js';
export { type Iso4Options, decipherPinBlockIso4, encipherPinBlockIso4 } from './iso4.js';
export { decodePinBlockCupNoPan, encodePinBlockCupNoPan } from './cup-no-pan.js';
export { type PinBlockCryptOptions, type PinBlockFormat, decryptPinBlock, encryptPinBlock } from './pin-block.js';
