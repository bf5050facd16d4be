// The CUP parameter, chip and QR exports refuse wrong-typed arguments with an Iso8583Error naming the argument.
import { describe, expect, it } from 'vitest';
import {
  aidListOf,
  aidParametersOf,
  aidParameterTlv,
  buildAidQuery,
  buildCaKeyQuery,
  buildSmSignIn,
  buildStatusUpload,
  buildTerminalParameterDownload,
  buildTmkDownload,
  caKeyListOf,
  caKeyReferenceTlv,
  caPublicKeyOf,
  caPublicKeyTlv,
  chipOriginalOf,
  chipUploadRecord,
  field59Tag,
  finalCryptogramIcc,
  isUndecodableText,
  issuerDataOf,
  numberedParameterBytes,
  parameterControl,
  parseNumberedParameters,
  qrVoucherOf,
  readAidList,
  readAidParameters,
  readCaKeyList,
  readCaPublicKey,
  readParameterAnswer,
  readQrOrderAnswer,
  readTerminalParameters,
  terminalParameterEntries,
  terminalParametersOf,
  undecodableBytes,
} from '../../src/index.js';
import * as pos from '../../src/index.js';
import { AcquirerHostSimulator } from '../../src/testing/index.js';
import { HostLedger } from '../../src/testing/host-simulator-ledger.js';
import { caught } from '../support/errors.js';
import { context, problemsOf } from './builders/support.js';

const never = <T>(v: unknown): T => v as T;

describe('wrong-typed arguments of the CUP parameter, chip and QR exports', () => {
  it.each([
    ['readParameterAnswer', () => readParameterAnswer(never(null)), 'm must be a Message (field m)', 'null'],
    ['readAidList', () => readAidList(never({})), 'm must be a Message (field m)', 'object'],
    ['readCaKeyList', () => readCaKeyList(never('0810')), 'm must be a Message (field m)', 'string'],
    ['readAidParameters', () => readAidParameters(never(new Uint8Array(4))), 'm must be a Message (field m)', 'Uint8Array'],
    ['readCaPublicKey', () => readCaPublicKey(never(undefined)), 'm must be a Message (field m)', 'undefined'],
    ['readTerminalParameters', () => readTerminalParameters(never(7)), 'm must be a Message (field m)', 'integer'],
    ['issuerDataOf', () => issuerDataOf(never(null)), 'answer must be a Message (field answer)', 'null'],
    ['qrVoucherOf', () => qrVoucherOf(never([])), 'answer must be a Message (field answer)', 'array'],
    ['readQrOrderAnswer', () => readQrOrderAnswer(never(true)), 'answer must be a Message (field answer)', 'boolean'],
    ['field59Tag', () => field59Tag(never(null), 'A4'), 'm must be a Message (field m)', 'null'],
    ['chipOriginalOf', () => chipOriginalOf(never(null), never(null)), 'request must be a Message (field request)', 'null'],
    ['aidListOf', () => aidListOf(never(null)), 'list must be an array of TLV entries (field list)', 'null'],
    ['caKeyListOf', () => caKeyListOf(never(5)), 'list must be an array of TLV entries (field list)', 'integer'],
    ['aidParametersOf', () => aidParametersOf(never([1])), 'list[0] must be a TLV entry with a tag (field list[0])', 'integer'],
    ['caPublicKeyOf', () => caPublicKeyOf(never([{ value: '00' }])), 'list[0] must be a TLV entry with a tag (field list[0])', 'object'],
    ['finalCryptogramIcc', () => finalCryptogramIcc(never('9F26'), '00', '40'), 'icc must be an array of TLV entries (field icc)', 'string'],
    ['parameterControl', () => parameterControl(never(1)), 'code must be a string (field code)', 'integer'],
    ['aidParameterTlv', () => aidParameterTlv(never({})), 'p.aid must be a string (field p.aid)', 'undefined'],
    ['caPublicKeyTlv', () => caPublicKeyTlv(never(null)), 'k must be a plain object (field k)', 'null'],
    ['caKeyReferenceTlv', () => caKeyReferenceTlv(never(42)), 'ref must be a plain object (field ref)', 'integer'],
    ['chipUploadRecord', () => chipUploadRecord(never({ result: 'tc', cardClass: 'alien', amount: '1' })), 'input.cardClass must be one of domestic, foreign (field input.cardClass)', 'another string'],
    ['parseNumberedParameters', () => parseNumberedParameters(new Uint8Array(0), never(3)), 'options must be a plain object (field options)', 'integer'],
    ['terminalParametersOf', () => terminalParametersOf(new Uint8Array(0), never({ gbk: {} })), 'options.gbk must be a text codec with encode and decode (field options.gbk)', 'object'],
    ['numberedParameterBytes', () => numberedParameterBytes(never(null)), 'entries must be an array of numbered parameters (field entries)', 'null'],
    ['terminalParameterEntries', () => terminalParameterEntries(never(null)), 'p must be a plain object (field p)', 'null'],
    ['undecodableBytes', () => undecodableBytes('abc', never(Symbol('x'))), 'path must be a string (field path)', 'symbol'],
  ])('%s refuses it with BAD_ARGUMENT, never a TypeError', (_, run, message, found) => {
    const e = caught(run);
    expect([e.code, e.message, e.found]).toStrictEqual(['BAD_ARGUMENT', message, found]);
  });

  it('has the management builders report an input that is not an object among the problems', () => {
    for (const build of [buildSmSignIn, buildAidQuery, buildCaKeyQuery, buildTerminalParameterDownload, buildStatusUpload, buildTmkDownload]) {
      expect(problemsOf(() => build(context(), never(null)))).toEqual([['input', 'MISSING_INPUT', 'input is required (field input)']]);
    }
  });

  it('keeps the step functions of a download run out of the public entry, behind TerminalSession', () => {
    expect(['startDownload', 'downloadStep', 'downloadStepKind', 'applyDownloadAnswer'].filter((n) => n in pos)).toEqual([]);
    expect(pos.DOWNLOAD_RUNS).toEqual(['aids', 'ca-keys', 'sm-ca-keys', 'terminal-parameters', 'blacklist']);
  });

  it('answers "not undecodable" for anything that is not text', () => {
    expect([isUndecodableText(null), isUndecodableText(42), isUndecodableText('\udc80')]).toEqual([false, false, true]);
  });

  it('has the simulator and its ledger refuse wrong-typed frames, switches and numbers', () => {
    const host = new AcquirerHostSimulator({
      terminals: [{ terminalId: '10000001', merchantId: '898310048990001', tmk: '258FB0AB70D025CDB99DF2C4D302D646' }],
      random: (n) => new Uint8Array(n).fill(7),
    });
    const cases: [() => unknown, string][] = [
      [() => host.exchange(never('6000')), 'frame must be a Uint8Array (field frame)'],
      [() => host.handle(never(null)), 'frame must be a Uint8Array (field frame)'],
      [() => host.setQrInProgress(never('yes')), 'enabled must be true or false (field enabled)'],
      [() => host.scriptResults(never(1)), 'terminalId must be a string (field terminalId)'],
      [() => host.merchantStatement(never(null)), 'merchantId must be a string (field merchantId)'],
      [() => new HostLedger().merchantEntries(never({})), 'merchantId must be a string (field merchantId)'],
    ];
    for (const [run, message] of cases) expect([caught(run).code, caught(run).message]).toEqual(['BAD_ARGUMENT', message]);
  });
});

describe('inputs that are binary data instead of objects', () => {
  it.each([
    ['a Uint16Array', new Uint16Array(2)],
    ['a DataView', new DataView(new ArrayBuffer(2))],
    ['an ArrayBuffer', new ArrayBuffer(2)],
  ])('are refused as input by the management builders when given %s', (_, value) => {
    expect(problemsOf(() => buildAidQuery(context(), never(value)))).toEqual([['input', 'MISSING_INPUT', 'input is required (field input)']]);
    expect(problemsOf(() => buildTmkDownload(context(), never(value)))).toEqual([['input', 'MISSING_INPUT', 'input is required (field input)']]);
  });
});
