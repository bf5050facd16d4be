/**
 * CUP POS field 62 (自定义域): working keys in the sign-in response, the terminal information
 * block in the sign-in request, acquirer-private data elsewhere (kept raw).
 */
import type { ContextComposite, FieldSpec, PositionalComposite } from '../codec/spec.js';
import { CUP_FIELD62_PARAMETER_ANSWER, CUP_FIELD62_PARAMETER_QUERY, CUP_PARAMETER_TLV } from './cup-emv-parameters.js';
import { rawBytes, type Names } from './cup-parts.js';

const PIK: Names = { name: 'PIN key under TMK', localName: 'PIN工作密钥密文' };
const PIK_KCV: Names = { name: 'PIN key check value', localName: 'PIN工作密钥校验值' };
const MAK: Names = { name: 'MAC key under TMK', localName: 'MAC工作密钥密文' };
const MAK_KCV: Names = { name: 'MAC key check value', localName: 'MAC工作密钥校验值' };
const TDK: Names = { name: 'Track key under TMK', localName: '磁道工作密钥密文' };
const TDK_KCV: Names = { name: 'Track key check value', localName: '磁道工作密钥校验值' };

function key(names: Names, length: number): FieldSpec {
  return rawBytes(names, length, { sensitivity: 'key' });
}

function checkValue(names: Names): FieldSpec {
  return rawBytes(names, 4);
}

/** 60.3 = 001: single-length PIN and MAC keys, 24 bytes. */
export const CUP_FIELD62_KEYS_SINGLE: PositionalComposite = {
  kind: 'positional',
  subfields: { '1': key(PIK, 8), '2': checkValue(PIK_KCV), '3': key(MAK, 8), '4': checkValue(MAK_KCV) },
  rest: 'rest',
};

/**
 * 60.3 = 003: double-length PIN key, then 16 bytes of MAC key (a single-length key followed by
 * eight zero bytes, or a double-length key on hosts that hand those out), 40 bytes.
 */
export const CUP_FIELD62_KEYS_DOUBLE: PositionalComposite = {
  kind: 'positional',
  subfields: { '1': key(PIK, 16), '2': checkValue(PIK_KCV), '3': key(MAK, 16), '4': checkValue(MAK_KCV) },
  rest: 'rest',
};

/** 60.3 = 004: as 003, then the double-length track data key, 60 bytes. */
export const CUP_FIELD62_KEYS_DOUBLE_TDK: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': key(PIK, 16),
    '2': checkValue(PIK_KCV),
    '3': key(MAK, 16),
    '4': checkValue(MAK_KCV),
    '5': key(TDK, 16),
    '6': checkValue(TDK_KCV),
  },
  rest: 'rest',
};

/**
 * Sign-in request terminal information: the literal `Sequence No`, then a 2-digit length and what
 * it counts: the terminal model's 4-character network access licence number and the hardware serial.
 */
export const CUP_FIELD62_TERMINAL_INFO: PositionalComposite = {
  kind: 'positional',
  subfields: {
    '1': { name: 'Block label', localName: '标签', attr: 'ans', length: 11, encoding: 'ascii' },
    '2': {
      name: 'Terminal identity',
      localName: '终端入网信息',
      attr: 'ans',
      length: 99,
      lengthDigits: 2,
      prefixEncoding: 'ascii',
      lengthUnit: 'chars',
      encoding: 'ascii',
      composite: {
        kind: 'positional',
        subfields: {
          '1': { name: 'Network access licence number', localName: '入网许可证编号', attr: 'an', length: 4, encoding: 'ascii' },
        },
        rest: '2',
      },
    },
  },
};

/**
 * Field 62 by message: the sign-in key layouts follow 60.3 of the 0810; the EMV parameter exchanges
 * (AID 380–382, CA keys 370–373) carry a count, a TLV key or a control code and TLV list. The SM (国密)
 * sign-in answer (005/006), terminal parameters (360/364), status upload (362) and the card-BIN and QPS
 * downloads stay raw: their layouts differ between acquirers, and typed readers in the transaction layer
 * take the raw bytes.
 */
export const CUP_FIELD62: ContextComposite = {
  kind: 'context',
  cases: [
    { when: { mti: ['0810'], '60.3': ['001'] }, layout: CUP_FIELD62_KEYS_SINGLE, label: 'single-length working keys' },
    { when: { mti: ['0810'], '60.3': ['003'] }, layout: CUP_FIELD62_KEYS_DOUBLE, label: 'double-length working keys' },
    { when: { mti: ['0810'], '60.3': ['004'] }, layout: CUP_FIELD62_KEYS_DOUBLE_TDK, label: 'double-length working keys and track key' },
    { when: { mti: ['0800'], '60.3': ['001', '003', '004', '005', '006'] }, layout: CUP_FIELD62_TERMINAL_INFO, label: 'terminal information' },
    { when: { mti: ['0820'], '60.3': ['372', '373', '382'] }, layout: CUP_FIELD62_PARAMETER_QUERY, label: 'parameter query' },
    { when: { mti: ['0830', '0810'], '60.3': ['370', '372', '373', '380', '382'] }, layout: CUP_FIELD62_PARAMETER_ANSWER, label: 'parameter answer' },
    { when: { mti: ['0800'], '60.3': ['370', '380'] }, layout: CUP_PARAMETER_TLV, label: 'parameter download key' },
  ],
};
