import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/bytes/hex.js';
import { cupDialectSpec, defineDialect, dialects, identifyTransaction, validateRequest } from '../../../src/index.js';
import type { Message } from '../../../src/message/message.js';
import {
  buildAidDownload,
  buildAidQuery,
  buildCaKeyDownload,
  buildCaKeyQuery,
  buildDownloadEnd,
  buildListDownload,
  buildSmSignIn,
  buildStatusUpload,
  buildTerminalParameterDownload,
  buildTmkDownload,
} from '../../../src/txn/params/parameter-requests.js';
import { processingRequirementAction } from '../../../src/txn/params/processing-requirement.js';
import { context, problemsOf } from '../builders/support.js';
import { caught } from '../../support/errors.js';

/** The CUP dialect without a layout for field 62, to read its wire bytes. */
const rawSpec = cupDialectSpec();
delete rawSpec.fields['62']!.composite;
const raw62 = defineDialect(rawSpec);

/** The wire bytes of field 62 of a request. */
function encodedField62(m: Message): Uint8Array {
  return raw62.decode(dialects.cup.encode(m)).get('62') as Uint8Array;
}

describe('EMV parameter requests', () => {
  it('query the AIDs with 0820, 60 = 00 + batch + 382 and 62 = "1" + the count received, as terminals send it ("100" first)', () => {
    const m = buildAidQuery(context());
    expect([m.mti, m.get('60.1'), m.get('60.2'), m.get('60.3')]).toEqual(['0820', '00', '000012', '382']);
    expect(m.toObject().fields['62']).toEqual({ '1': '1', '2': '00' });
    expect(toHex(encodedField62(m))).toBe(toHex(Uint8Array.from('100', (c) => c.charCodeAt(0))));
    expect(buildAidQuery(context(), { received: 10 }).toObject().fields['62']).toEqual({ '1': '1', '2': '10' });
    expect([validateRequest(m, { unsigned: true }), identifyTransaction(m)]).toEqual(['aid-query', 'aid-query']);
  });

  it('query the CA keys with 372, or 373 for the SM (国密) keys', () => {
    expect(buildCaKeyQuery(context()).get('60.3')).toBe('372');
    const sm = buildCaKeyQuery(context(), { sm: true, received: 5 });
    expect([sm.get('60.3'), identifyTransaction(sm)]).toEqual(['373', 'capk-query']);
  });

  it('download one AID with 0800 380 and 62 = 9F06 and the AID, the bytes a terminal sends', () => {
    const m = buildAidDownload(context(), { aid: 'a0000003330101' });
    expect(m.get('60.3')).toBe('380');
    expect(toHex(encodedField62(m))).toBe('9F0607A0000003330101');
  });

  it('download one CA key with 0800 370 and 62 = 9F06 05 RID 9F22 01 index, the bytes a terminal sends', () => {
    const m = buildCaKeyDownload(context(), { rid: 'A000000333', index: '08' });
    expect(toHex(encodedField62(m))).toBe('9F0605A0000003339F220108');
    expect(validateRequest(m, { unsigned: true })).toBe('capk-download');
  });

  it('end each download run with its own 60.3 and no 62', () => {
    for (const [code, kind] of [['381', 'aid-download-end'], ['371', 'capk-download-end'], ['361', 'terminal-parameters-end'], ['961', 'list-download-end']] as const) {
      const m = buildDownloadEnd(context(), code);
      expect([m.mti, m.get('60.3'), m.has('62'), validateRequest(m, { unsigned: true })]).toEqual(['0800', code, false, kind]);
    }
    expect(problemsOf(() => buildDownloadEnd(context(), '380' as never))).toEqual([
      ['code', 'BAD_CODE', 'download end code must be 381, 371, 361, 391, 395, 397, 399 or 961 (field code)'],
    ]);
  });

  it('check every input and name each problem', () => {
    expect(problemsOf(() => buildAidQuery(context(), { received: 100 }))).toEqual([
      ['received', 'BAD_COUNT', 'entries received must be a whole number from 0 to 99 (field received)'],
    ]);
    expect(problemsOf(() => buildCaKeyDownload(context(), { rid: 'A0000003', index: 'G8' }))).toEqual([
      ['rid', 'BAD_DATA', 'RID must be 5 bytes of hex (field rid)'],
      ['index', 'BAD_DATA', 'CA key index must be 1 byte of hex (field index)'],
    ]);
    expect(problemsOf(() => buildAidDownload(context(), { aid: 'A000' }))).toEqual([['aid', 'BAD_DATA', 'AID must be 5 to 16 bytes of hex (field aid)']]);
  });
});

describe('terminal parameters, status, master key and lists', () => {
  it('ask for terminal parameters with 364 (360 for older hosts)', () => {
    expect(buildTerminalParameterDownload(context()).get('60.3')).toBe('364');
    const older = buildTerminalParameterDownload(context(), { code: '360' });
    expect([older.get('60.3'), identifyTransaction(older)]).toEqual(['360', 'terminal-parameters']);
  });

  it('upload the status with 0820 362 and 62 = 011021031041051 by default, as a terminal sends it', () => {
    const m = buildStatusUpload(context());
    expect([m.mti, m.get('60.3')]).toEqual(['0820', '362']);
    expect(String.fromCharCode(...encodedField62(m))).toBe('011021031041051');
    const custom = buildStatusUpload(context(), { items: [{ number: '12', value: '60' }, { number: '13', value: '3' }] });
    expect(String.fromCharCode(...encodedField62(custom))).toBe('1260133');
  });

  it('ask for a master key with 401 and batch 000000, 62 as the acquirer wants it', () => {
    const m = buildTmkDownload(context(), { data: '0102' });
    expect([m.get('60.2'), m.get('60.3'), toHex(m.get('62') as Uint8Array)]).toEqual(['000000', '401', '0102']);
    expect(validateRequest(m, { unsigned: true })).toBe('tmk-download');
  });

  it('recognise the card-BIN, blacklist and QPS list downloads and keep their 62 raw', () => {
    for (const code of ['390', '394', '396', '398', '960'] as const) {
      const m = buildListDownload(context(), { code, data: Uint8Array.of(0x31, 0x30, 0x30) });
      const back = dialects.cup.decode(dialects.cup.encode(m));
      expect([identifyTransaction(back), toHex(back.get('62') as Uint8Array)]).toEqual(['list-download', '313030']);
    }
  });

  it('sign in with SM keys by 005 or 006, the terminal information block and the operator, as the other sign-ins do', () => {
    const m = buildSmSignIn(context(), { code: '006', terminalInfo: { licence: '3150', serial: 'SXX-4C304119' } });
    expect([m.mti, m.get('60.3'), m.get('62.1'), m.get('63.1')]).toEqual(['0800', '006', 'Sequence No', '01']);
    expect(buildSmSignIn(context()).get('60.3')).toBe('005');
    expect(validateRequest(m, { unsigned: true })).toBe('sm-sign-in');
    expect(problemsOf(() => buildSmSignIn(context(), { code: '004' as never }))).toEqual([['code', 'BAD_CODE', 'SM sign-in code must be 005 or 006 (field code)']]);
  });
});

describe("the header's processing requirement", () => {
  it.each([
    ['0', 'none', []],
    ['1', 'download-parameters', ['terminal-parameters', 'terminal-parameters-end']],
    ['2', 'upload-status', ['status-upload']],
    ['3', 'sign-in', ['sign-in']],
    ['4', 'download-ca-keys', ['capk-query', 'capk-download', 'capk-download-end']],
    ['5', 'download-ic-parameters', ['aid-query', 'aid-download', 'aid-download-end']],
    ['6', 'download-application', []],
    ['7', 'download-blacklist', ['list-download', 'list-download-end']],
    ['8', 'acquirer-defined', []],
  ])('tells the terminal what digit %s asks for and which exchanges fulfil it', (digit, requirement, transactions) => {
    expect(processingRequirementAction(digit)).toEqual({ digit, requirement, transactions });
  });

  it('refuses anything but one digit', () => {
    const e = caught(() => processingRequirementAction('A'));
    expect([e.code, e.message]).toEqual(['BAD_CUP_HEADER', 'processing requirement must be one digit (field header.processingRequirement)']);
  });
});
