// A valid call of every public callable taking more than one argument, and an instance of every class or interface
// whose methods take arguments: the sweep replaces one argument at a time with a bad value, and makes the valid
// call last to prove the sample really is one.
import { createServer, type Server } from 'node:net';
import * as pos from '../../../src/index.js';
import * as hostKit from '../../../src/host/index.js';
import * as node from '../../../src/node/index.js';
import * as testing from '../../../src/testing/index.js';
import { PgHostStore } from '../../../src/pg/index.js';
import { signedInLane, type Lane } from '../../support/acquirer-lane.js';
import { CONFIG, TID, TMK, now, seeded } from '../../support/simulated-terminal.js';
import { answerTo, dialect as plainDialect, profile as plainProfile, request as plainRequest } from '../../node/support/messages.js';

const { fromHex, dialects } = pos;
const cup = dialects.cup;

const PAN = '6225880123456783';
const KEY16 = () => fromHex('0123456789ABCDEFFEDCBA9876543210');
const KEY8 = () => fromHex('0123456789ABCDEF');
const AES16 = () => fromHex('FEDCBA9876543210F0E1D2C3B4A59687');
const KSN_TDES = () => fromHex('FFFF9876543210E00001');
const KSN_AES = () => fromHex('123456789012345600000001');
const CHIP_ICC = [
  { tag: '9F26', value: '1122334455667788' },
  { tag: '9F27', value: '80' },
  { tag: '9F36', value: '0042' },
];
const TOTALS = () => ({
  domestic: { debitAmount: '100', debitCount: 1, creditAmount: '0', creditCount: 0 },
  foreign: { debitAmount: '0', debitCount: 0, creditAmount: '0', creditCount: 0 },
});
const SWIPED = { entry: 'magstripe' as const, track2: `${PAN}=27062207001000100` };

const TR31_HEADER = { versionId: 'D', keyUsage: 'P0', algorithm: 'T', modeOfUse: 'E', keyVersionNumber: '00', exportability: 'E' } as const;
const CHANNEL_SETTINGS = { lengthHeader: pos.lengthHeaders.binary2, maxFrameSize: 1000, idleTimeoutMs: 0, frameTimeoutMs: 0, maxInFlight: 1, answerOrder: 'request' as const };

/** An entry recorded in `ledger`, as the simulator books an approved sale. */
function recorded(ledger: testing.HostLedger): testing.LedgerEntry {
  ledger.record({ terminalId: TID, batch: '000001', stan: '000001', kind: 'sale', amount: '000000000100', pan: PAN, rrn: '183015002310', date: '0611', status: 'approved' });
  return ledger.entries(TID, '000001')[0]!;
}

/** Shared, lazily made fixtures the samples draw on (a CUP dialect, terminals, a listening server…). */
export class SampleKit {
  private readonly closers: Array<() => unknown> = [];
  private readonly lanes = new WeakMap<object, Lane>();
  private listening: Promise<{ server: node.FramedServer; port: number }> | undefined;

  /** What every builder shares: terminal, merchant, STAN, batch and operator. */
  ctx(): pos.BuildContext {
    return { dialect: cup, terminalId: '80010001', merchantId: '102310058120001', stan: '000241', batch: '000012', operator: '001', now: new Date(0) };
  }

  /** A sale request as the builders make it. */
  sale(): pos.Message {
    return pos.buildSale(this.ctx(), { amount: '100', card: SWIPED });
  }

  /** The body of {@link sale} with its MAC. */
  signedSale(): Uint8Array {
    return pos.signMessage(cup, this.sale(), KEY8());
  }

  /** The host's approval of {@link sale}. */
  approval(): pos.Message {
    return pos.respondTo(this.sale(), { responseCode: '00', rrn: '183015002310', authCode: 'A51234' } as never);
  }

  /** A signed-in terminal session wired to the simulated acquirer. */
  session(): pos.TerminalSession {
    const lane = signedInLane();
    this.lanes.set(lane.terminal, lane);
    return lane.terminal;
  }

  /** The simulated acquirer of a session made by {@link session}. */
  laneOf(session: unknown): Lane {
    return this.lanes.get(session as object)!;
  }

  /** A framed echo server on 127.0.0.1, closed with the kit. */
  async server(): Promise<{ server: node.FramedServer; port: number }> {
    this.listening ??= (async () => {
      const server = await node.createFramedServer({ profile: plainProfile, handler: (frame: Uint8Array) => answerTo(frame), host: '127.0.0.1', port: 0 });
      this.closers.push(() => server.close({ deadlineMs: 0 }));
      return { server, port: server.port };
    })();
    return this.listening;
  }

  /** A framed connection to {@link server}, closed with the kit. */
  async connection(): Promise<node.FramedConnection> {
    const { port } = await this.server();
    const connection = await node.connectFramed({ host: '127.0.0.1', port, profile: plainProfile });
    this.closers.push(() => connection.destroy());
    return connection;
  }

  /** A client to {@link server}, closed with the kit. */
  async client(): Promise<node.Iso8583Client> {
    const { port } = await this.server();
    const client = await node.connectClient({ host: '127.0.0.1', port, profile: plainProfile, dialect: plainDialect });
    this.closers.push(() => client.close());
    return client;
  }

  /** A raw TCP server socket pair for the classes that wrap a socket. */
  async socket(): Promise<import('node:net').Socket> {
    const server: Server = createServer((s) => s.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { connect } = await import('node:net');
    const socket = connect((server.address() as { port: number }).port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    this.closers.push(() => {
      socket.destroy();
      server.close();
    });
    return socket;
  }

  /** Remembers a clean-up for {@link close}. */
  onClose(close: () => unknown): void {
    this.closers.push(close);
  }

  /** Closes whatever the samples opened. */
  async close(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) await close();
  }
}

export type Sample = ((kit: SampleKit, instance?: unknown) => unknown[] | Promise<unknown[]>) & { readonly mutates?: true };

/** A sample of a call whose job is to change what it is given: its valid call is not made with frozen arguments. */
function mutating(sample: Sample): Sample {
  return Object.assign(sample, { mutates: true as const });
}

/** Valid arguments by callable id; `entry:id` for an id two entries export as different functions. */
export const SAMPLES: Record<string, Sample> = {
  // bytes and text
  toHex: () => [Uint8Array.of(1, 2, 3), 0, 2],
  fromHex: () => ['0102', 'field'],
  bytesEqual: () => [Uint8Array.of(1), Uint8Array.of(1)],
  concatBytes: () => [Uint8Array.of(1), Uint8Array.of(2)],
  undecodableBytes: () => ['abc', 'field'],
  encodeEbcdic: () => ['ABC', 'cp037', 'field'],
  decodeEbcdic: () => [Uint8Array.of(0xc1, 0xc2), 0, 2, 'cp037'],
  'TextCodec#encode': () => ['ABC', 'field'],
  'TextCodec#decode': () => [Uint8Array.of(0x41, 0x42), 0, 2, 'field'],

  // messages and dialects
  defineDialect: () => [pos.iso87asciiSpec, {}],
  cupDialect: () => [{}, {}],
  'new Iso8583Error': () => ['BAD_ARGUMENT', 'detail', { path: 'x' }],
  'Iso8583Error#within': () => ['parent', 2],
  'new Message': () => ['0200', { '3': '000000' }],
  'Message#set': () => ['3', '000000'],
  'Dialect#encodeInto': (_, dialect) => [(dialect as pos.Dialect).message('0800', { '11': '000001' }), new Uint8Array(64), 0],
  'Dialect#describe': (_, dialect) => [(dialect as pos.Dialect).message('0800', { '11': '000001' }), { masked: true }],
  'Dialect#message': () => ['0200', { '3': '000000' }],

  // framing
  encodeLengthHeader: () => [pos.lengthHeaders.binary2, 10],
  decodeLengthHeader: () => [pos.lengthHeaders.binary2, Uint8Array.of(0, 10), 0],
  decodeTpdu: () => [fromHex('6000030000'), 0],
  decodeCupHeader: () => [fromHex('613100311108'), 0],
  frameMessage: () => [pos.plainFrameProfile, { body: Uint8Array.of(1, 2) }],
  unframeMessage: () => [pos.plainFrameProfile, Uint8Array.of(0, 2, 1, 2)],
  checkFrameLength: () => [pos.lengthHeaders.binary2, Uint8Array.of(0, 2, 1, 2)],
  createDeframer: () => [pos.plainFrameProfile, { maxFrameSize: 100 }],
  splitFrames: () => [pos.plainFrameProfile, Uint8Array.of(0, 2, 1, 2), { maxFrameSize: 100 }],
  'new FrameDeframer': () => [pos.plainFrameProfile, { maxFrameSize: 100 }],
  'FrameDeframer#push': () => [Uint8Array.of(0, 2, 1, 2), () => undefined],

  // crypto
  setDefaultProvider: () => [pos.portableProvider],
  createCipher: () => ['tdes', KEY16(), { provider: pos.portableProvider }],
  encryptEcb: () => ['tdes', KEY16(), new Uint8Array(8), { provider: pos.portableProvider }],
  decryptEcb: () => ['tdes', KEY16(), new Uint8Array(8), { provider: pos.portableProvider }],
  encryptCbc: () => ['tdes', KEY16(), new Uint8Array(8), { iv: new Uint8Array(8), provider: pos.portableProvider }],
  decryptCbc: () => ['tdes', KEY16(), new Uint8Array(8), { iv: new Uint8Array(8), provider: pos.portableProvider }],
  'CipherProvider#createCipher': () => ['tdes', KEY16()],
  'BlockCipher#encryptBlock': () => [new Uint8Array(8), 0, new Uint8Array(8), 0],
  'BlockCipher#decryptBlock': () => [new Uint8Array(8), 0, new Uint8Array(8), 0],
  'SecretKey.fromBytes': () => ['tdes', KEY16(), {}],
  'SecretKey.fromHex': () => ['tdes', '0123456789ABCDEFFEDCBA9876543210', {}],
  'CipherKey.fromBytes': () => ['tdes', KEY16(), { provider: pos.createProvider({ des: pos.des, tdes: pos.tdes }) }],
  'CipherKey.fromHex': () => ['tdes', '0123456789ABCDEFFEDCBA9876543210', { provider: pos.createProvider({ tdes: pos.tdes }) }],
  createProvider: () => [{ des: pos.des, tdes: pos.tdes }, { name: 'des-family' }],
  'CipherModule#create': (_kit, part) => [(part as { algorithm: string }).algorithm === 'des' ? KEY8() : KEY16()],
  encryptEcbExplicit: () => ['tdes', KEY16(), new Uint8Array(8), { provider: pos.portableProvider }],
  decryptEcbExplicit: () => ['tdes', KEY16(), new Uint8Array(8), { provider: pos.portableProvider }],
  isWeakKey: () => ['des', KEY8()],
  kcv: () => ['tdes', KEY16(), { length: 3, provider: pos.portableProvider }],
  kcvMatches: () => ['tdes', KEY16(), pos.kcv('tdes', KEY16()), { provider: pos.portableProvider }],
  constantTimeEqual: () => [Uint8Array.of(1), Uint8Array.of(1)],
  encryptCupWorkingKeys: () => [{ pik: KEY16(), mak: KEY8() }, KEY16(), '003', {}],
  decryptCupWorkingKeys: () => [pos.encryptCupWorkingKeys({ pik: KEY16(), mak: KEY8() }, KEY16(), '003'), KEY16(), '003', {}],
  decryptCupWorkingKeysExplicit: () => [
    pos.encryptCupWorkingKeys({ pik: KEY16(), mak: KEY8() }, KEY16(), '003'),
    KEY16(),
    '003',
    { provider: pos.portableProvider },
  ],
  encryptKeyUnderTmk: () => [KEY16(), KEY16(), {}],
  decryptKeyUnderTmk: () => [pos.encryptKeyUnderTmk(KEY16(), KEY16()), KEY16(), {}],
  encryptSmWorkingKeys: () => [{ pik: AES16(), mak: AES16(), tdk: AES16() }, AES16(), {}],
  decryptSmWorkingKeys: () => [pos.encryptSmWorkingKeys({ pik: AES16(), mak: AES16(), tdk: AES16() }, AES16()), AES16(), {}],
  encryptTrackData: () => [new Uint8Array(16), KEY16(), {}],
  decryptTrackData: () => [new Uint8Array(16), KEY16(), {}],
  'TrackCipherScheme#encrypt': () => [new Uint8Array(16), KEY16(), pos.portableProvider],
  'TrackCipherScheme#decrypt': () => [new Uint8Array(16), KEY16(), pos.portableProvider],
  messageMacInput: (kit) => [cup, kit.signedSale()],
  signMessage: (kit) => [cup, kit.sale(), KEY8(), {}],
  verifyMessageMac: (kit) => [cup, pos.signMessage(cup, kit.sale(), KEY8()), KEY8(), {}],
  signMessageExplicit: (kit) => [cup, kit.sale(), KEY8(), { provider: pos.portableProvider, scheme: pos.cupEcbScheme }],
  verifyMessageMacExplicit: (kit) => [cup, pos.signMessage(cup, kit.sale(), KEY8()), KEY8(), { provider: pos.portableProvider }],
  verifyDecodedMessageMac: (kit) => {
    const body = pos.signMessage(cup, kit.sale(), KEY8());
    return [cup, body, cup.decode(body), KEY8(), {}];
  },
  cupWorkingKeysFromMessage: () => [
    cup.message('0810', { '39': '00', '60': { '1': '00', '2': '000001', '3': '003' }, '62': pos.encryptCupWorkingKeys({ pik: KEY16(), mak: KEY8() }, KEY16(), '003') }),
    KEY16(),
    {},
  ],
  cupWorkingKeysFromMessageExplicit: () => [
    cup.message('0810', { '39': '00', '60': { '1': '00', '2': '000001', '3': '003' }, '62': pos.encryptCupWorkingKeys({ pik: KEY16(), mak: KEY8() }, KEY16(), '003') }),
    pos.CipherKey.fromBytes('tdes', KEY16(), { provider: pos.portableProvider }),
    {},
  ],
  decodePinBlockIso0: () => [pos.encodePinBlockIso0('1234', PAN), PAN],
  encodePinBlockIso0: () => ['1234', PAN],
  encodePinBlockIso1: () => ['1234', { random: seeded(1) }],
  decodePinBlockIso3: () => [pos.encodePinBlockIso3('1234', PAN), PAN],
  encodePinBlockIso3: () => ['1234', PAN, { random: seeded(1) }],
  encodePinFieldIso4: () => ['1234', { random: seeded(1) }],
  encipherPinBlockIso4: () => [AES16(), '1234', PAN, { random: seeded(1) }],
  decipherPinBlockIso4: () => [AES16(), pos.encipherPinBlockIso4(AES16(), '1234', PAN), PAN, {}],
  encryptPinBlock: () => [0, KEY16(), '1234', PAN, {}],
  decryptPinBlock: () => [0, KEY16(), pos.encryptPinBlock(0, KEY16(), '1234', PAN), PAN, {}],
  padIso9797: () => [Uint8Array.of(1), 2, 8],
  generateAnsiX99Mac: () => [KEY8(), new Uint8Array(8), {}],
  verifyAnsiX99Mac: () => [KEY8(), new Uint8Array(8), pos.generateAnsiX99Mac(KEY8(), new Uint8Array(8)), {}],
  generateCbcMac: () => [KEY16(), new Uint8Array(8), { algorithm: 'tdes' }],
  verifyCbcMac: () => [KEY16(), new Uint8Array(8), pos.generateCbcMac(KEY16(), new Uint8Array(8), { algorithm: 'tdes' }), { algorithm: 'tdes' }],
  generateAnsiX919Mac: () => [KEY16(), new Uint8Array(8), {}],
  verifyAnsiX919Mac: () => [KEY16(), new Uint8Array(8), pos.generateAnsiX919Mac(KEY16(), new Uint8Array(8)), {}],
  generateRetailMac: () => [KEY16(), new Uint8Array(8), {}],
  verifyRetailMac: () => [KEY16(), new Uint8Array(8), pos.generateRetailMac(KEY16(), new Uint8Array(8)), {}],
  generateCmac: () => [AES16(), new Uint8Array(8), { algorithm: 'aes' }],
  verifyCmac: () => [AES16(), new Uint8Array(8), pos.generateCmac(AES16(), new Uint8Array(8), { algorithm: 'aes' }), { algorithm: 'aes' }],
  generateCupEcbMac: () => [KEY8(), new Uint8Array(8), {}],
  verifyCupEcbMac: () => [KEY8(), new Uint8Array(8), pos.generateCupEcbMac(KEY8(), new Uint8Array(8)), {}],
  deriveInitialKeyTdes: () => [KEY16(), KSN_TDES(), {}],
  deriveTransactionKeyTdes: () => [KEY16(), KSN_TDES(), {}],
  deriveChildKeyTdes: () => [KEY16(), KSN_TDES(), {}],
  deriveWorkingKeyTdes: () => [KEY16(), 'pin', {}],
  deriveHostKeysTdes: () => [KEY16(), KSN_TDES(), { usages: ['pin'] }],
  withCounterTdes: () => [KSN_TDES(), 1],
  deriveInitialKeyAes: () => [AES16(), KSN_AES(), {}],
  deriveTransactionKeyAes: () => [AES16(), KSN_AES(), {}],
  deriveChildKeyAes: () => [AES16(), KSN_AES(), {}],
  deriveWorkingKeyAes: () => [AES16(), KSN_AES(), 'pin-encryption', { keyType: 'aes128' }],
  deriveHostKeysAes: () => [AES16(), KSN_AES(), { usages: ['pin-encryption'] }],
  derivationDataAes: () => ['pin-encryption', 'aes128', KSN_AES()],
  withCounterAes: () => [KSN_AES(), 1],
  wrapTr31: () => [KEY16(), KEY16(), TR31_HEADER, { random: seeded(1) }],
  unwrapTr31: () => [KEY16(), pos.wrapTr31(KEY16(), KEY16(), TR31_HEADER, { random: seeded(1) }), {}],

  // transactions
  validateRequest: (kit) => [cup.decode(kit.signedSale()), {}],
  respondTo: (kit) => [kit.sale(), {}],
  'new ReversalJournal': () => [{ pending: null }, () => undefined],
  'ReversalJournal#journal': (kit) => ['sale', kit.sale()],
  'new BatchJournal': () => [{ batch: '000001', records: [] }, () => undefined],
  'BatchJournal#amend': () => ['000001', '200'],
  'BatchJournal#nextUpload': () => [[], true],
  cardClassOf: () => [PAN, {}],
  encipherTracks: (kit) => [kit.sale(), KEY16(), {}],
  decipherTracks: (kit) => {
    const m = kit.sale();
    pos.encipherTracks(m, KEY16());
    return [m, KEY16(), {}];
  },
  sameTotals: () => [TOTALS(), TOTALS()],
  buildSignIn: (kit) => [kit.ctx(), {}],
  buildSettlement: (kit) => [kit.ctx(), { totals: TOTALS() }],
  buildBatchUpload: (kit) => [kit.ctx(), [{ stan: '000009', kind: 'sale', amount: '150', direction: 'debit', cardClass: 'domestic', pan: PAN, voided: false }]],
  buildBatchUploadEnd: (kit) => [kit.ctx(), { code: '202', count: 8 }],
  buildIcTcUpload: (kit) => [kit.ctx(), { code: '205', pan: PAN, amount: '100', entryMode: '051', icc: CHIP_ICC }],
  buildAdviceUpload: (kit) => [kit.ctx(), pos.batchRecordOf('sale', kit.sale(), kit.approval())],
  readResponseFrame: (kit) => [cup, pos.frameMessage(pos.cupFrameProfile, { tpdu: CONFIG.tpdu, header: CONFIG.header, body: cup.encode(kit.approval()) })],
  responseMismatches: (kit) => ['sale', kit.sale(), kit.approval()],
  checkResponseMatches: (kit) => ['sale', kit.sale(), kit.approval()],
  decideResponse: () => ['sale', '00', true],
  batchRecordOf: (kit) => ['sale', kit.sale(), kit.approval(), {}],
  cancelledStanOf: (kit) => ['sale', kit.sale()],
  'TerminalSession.create': () => [CONFIG, { now }],
  'TerminalSession.restore': () => [pos.TerminalSession.create(CONFIG).state(), { now }],
  sealState: () => [pos.TerminalSession.create(CONFIG).state(), { seal: (t: string) => t, open: (t: string) => t }],
  openState: () => {
    const sealer = { seal: (t: string) => t, open: (t: string) => t };
    return [pos.sealState(pos.TerminalSession.create(CONFIG).state(), sealer as never), sealer];
  },
  buildBalanceInquiry: (kit) => [kit.ctx(), { card: SWIPED }],
  buildSale: (kit) => [kit.ctx(), { amount: '100', card: SWIPED }],
  buildVoid: (kit) => [kit.ctx(), { original: { stan: '000117', batch: '000011', rrn: '183015002310', amount: '100', authCode: 'A51234' }, card: SWIPED }],
  buildRefund: (kit) => [kit.ctx(), { amount: '100', original: { rrn: '183015002310', date: '0611' }, card: SWIPED }],
  buildPreauth: (kit) => [kit.ctx(), { amount: '100', card: SWIPED }],
  buildPreauthVoid: (kit) => [kit.ctx(), { original: { amount: '100', authCode: 'A51234', date: '0611' }, card: SWIPED }],
  buildPreauthCompletion: (kit) => [kit.ctx(), { amount: '100', original: { authCode: 'A51234', date: '0611' }, card: SWIPED }],
  buildPreauthCompletionVoid: (kit) => [kit.ctx(), { original: { stan: '000242', batch: '000012', rrn: '183015002311', amount: '100', date: '0612' }, card: SWIPED }],
  buildPreauthCompletionAdvice: (kit) => [kit.ctx(), { amount: '100', original: { authCode: 'A51234', date: '0611' }, card: SWIPED }],
  buildOfflineSettlement: (kit) => [kit.ctx(), { amount: '100', card: SWIPED, authCode: '123456' }],
  buildAdjustment: (kit) => [kit.ctx(), { amount: '100', original: { stan: '000117', batch: '000011' }, card: SWIPED }],
  buildTip: (kit) => [kit.ctx(), { tip: '1', original: { stan: '000117', batch: '000011', amount: '100' }, card: SWIPED }],
  buildScriptNotification: (kit) => [kit.ctx(), { original: pos.chipOriginalOf(kit.sale(), kit.approval()), icc: CHIP_ICC }],
  buildChipFailureUpload: (kit) => [kit.ctx(), { code: '204', failure: 'arpc-error', pan: PAN, amount: '2000', entryMode: '051', sequence: '001', icc: CHIP_ICC, cardClass: 'domestic' }],
  buildEcOfflineUpload: (kit) => [kit.ctx(), { card: { entry: 'contactless', pan: PAN, icc: CHIP_ICC }, amount: '1' }],
  chipOriginalOf: (kit) => [kit.sale(), kit.approval()],
  finalCryptogramIcc: () => [CHIP_ICC, '1122334455667788', '40'],
  buildQrOrder: (kit) => [kit.ctx(), { amount: '2500', order: 'ORD-20260101-0001' }],
  buildPaymentResultQuery: (kit) => [kit.ctx(), { original: { stan: '000068', batch: '000012', date: '0526', amount: '1', voucher: '58210526789789570802' } }],
  field59Tag: (kit) => [kit.sale(), 'A3'],
  caPublicKeyCheckValue: () => ['A000000333', '08', 'B61645EDFD5498FB', '03'],
  parseNumberedParameters: () => [fromHex('313236303133'), {}],
  terminalParametersOf: () => [fromHex('313236303133'), {}],
  readTerminalParameters: () => [cup.message('0810', { '62': fromHex('313236303133') }), {}],
  numberedParameterBytes: () => [[{ number: '12', value: '60' }], {}],
  terminalParameterEntries: () => [{}, [{ number: '12', value: '60' }]],
  buildSmSignIn: (kit) => [kit.ctx(), {}],
  buildAidQuery: (kit) => [kit.ctx(), {}],
  buildCaKeyQuery: (kit) => [kit.ctx(), {}],
  buildAidDownload: (kit) => [kit.ctx(), { aid: 'A0000003330101' }],
  buildCaKeyDownload: (kit) => [kit.ctx(), { rid: 'A000000333', index: '08' }],
  buildDownloadEnd: (kit) => [kit.ctx(), '381'],
  buildTerminalParameterDownload: (kit) => [kit.ctx(), {}],
  buildStatusUpload: (kit) => [kit.ctx(), {}],
  buildTmkDownload: (kit) => [kit.ctx(), { data: '0102' }],
  buildListDownload: (kit) => [kit.ctx(), { code: '390', data: Uint8Array.of(0x31, 0x30, 0x30) }],
  'TerminalSession#handleResponse': (kit, session) => {
    const sent = (session as pos.TerminalSession).sale({ amount: '100', card: SWIPED });
    return [sent, kit.laneOf(session).hold(sent)];
  },
  'TerminalSession#cannotComplete': (_, session) => [(session as pos.TerminalSession).sale({ amount: '100', card: SWIPED }), {}],

  // testing
  balanceField54: () => ['100', '156'],
  organisationByBin: () => [PAN, true],
  digitString: () => [1, 3],
  fieldValue: () => [cup, '3'],
  messageFor: () => [cup, {}],
  cupTransaction: () => ['sale', {}],
  'pos8583/testing:issueWorkingKeys': () => ['003', seeded(1)],
  issuedKeyCheckValues: () => [testing.issueWorkingKeys('003', seeded(1)), pos.portableProvider],
  'HostCardTable#setStatus': () => [PAN, 'lost'],
  'HostCardTable#debit': () => [PAN, '100'],
  'HostCardTable#credit': () => [PAN, '100'],
  'HostCardTable#decide': () => [PAN, '100', {}, true],
  'HostLedger#setStatus': mutating((_, ledger) => [recorded(ledger as testing.HostLedger), 'voided']),
  'HostLedger#amend': mutating((_, ledger) => [recorded(ledger as testing.HostLedger), '200']),
  'HostLedger#entries': () => [TID, '000001'],
  'HostLedger#findByStan': () => [TID, '000001', '000001'],
  'HostLedger#totals': () => [TID, '000001'],
  'HostLedger#lastSettlement': () => [TID, '000001'],
  'HostLedger#isSettled': () => [TID, '000001'],
  'HostLedger#uploadReport': () => [TID, '000001'],
  'HostLedger#endUpload': () => [TID, '000001', 0],
  'HostLedger#upload': () => [TID, '000001', []],
  'HostLedger#settle': () => [TID, '000001', TOTALS(), false],
  'AcquirerHostSimulator#setCardStatus': () => [PAN, 'lost'],

  // host kit
  generateWorkingKeys: () => ['003', { random: seeded(1) }],
  'pos8583/host:issueWorkingKeys': () => ['003', KEY16(), { random: seeded(1) }],
  keyCheckValues: () => [hostKit.generateWorkingKeys('003', { random: seeded(1) }), pos.portableProvider],
  workingKeysOf: () => [{ terminalId: TID, tmk: '00', current: null, previous: null } as never, 1],
  pinBlockFormatOf: (kit) => [kit.sale(), {}],
  translatePinBlock: () => [pos.encryptPinBlock(0, KEY16(), '1234', PAN), { key: KEY16(), format: 0 }, { key: KEY16(), format: 0 }, PAN, {}],
  updateRecord: () => [new hostKit.MemoryHostStore(), 'k', () => ({ text: 'v', result: 1 })],
  'KeyStore#register': () => [TID, TMK],
  'KeyStore#install': async (_, keys) => {
    await (keys as hostKit.KeyStore).register(TID, TMK);
    return [TID, hostKit.generateWorkingKeys('003', { random: seeded(1) })];
  },
  'ReversalLedger#claim': () => [{ terminalId: TID, batch: '000100', stan: '000042' }, { kind: 'sale', amount: '000000001000' }],
  'ReversalLedger#settle': (_, ledger) => {
    const ref = { terminalId: TID, batch: '000100', stan: '000042' };
    (ledger as hostKit.ReversalLedger).claim(ref, { kind: 'sale', amount: '000000001000' });
    return [ref, 'approved', { '39': '00' }];
  },
  'ReversalLedger#reverse': () => [{ terminalId: TID, batch: '000100', stan: '000042' }, () => ({ '39': '00' })],
  'AcquirerHost#register': () => [TID, TMK],
  'MemoryHostStore#compareAndSet': () => ['k', 0, 'v'],
  'HostStore#compareAndSet': () => ['k', 0, 'v'],
  'PgHostStore#compareAndSet': () => ['k', 0, 'v'],

  // connections
  'new FramedConnection': async (kit) => [await kit.socket(), { profile: pos.cupFrameProfile }],
  'new FramedChannel': async (kit) => [await kit.socket(), CHANNEL_SETTINGS, () => null],
  'FramedConnection#receive': async (_, connection) => {
    await (connection as node.FramedConnection).send(plainRequest('0800', '000001'));
    return [2_000];
  },
  'Iso8583Client#send': () => [plainRequest('0800', '000002'), { timeoutMs: 2_000 }],
  'ClientPool#send': () => [plainRequest('0800', '000003'), { timeoutMs: 2_000 }],
};

/** Instances of the classes and interfaces no exported object already stands for. */
export const INSTANCES: Record<string, (kit: SampleKit) => unknown> = {
  Iso8583Error: () => new pos.Iso8583Error('BAD_ARGUMENT', 'detail'),
  Message: (kit) => kit.sale(),
  FrameDeframer: () => pos.createDeframer(pos.plainFrameProfile),
  BlockCipher: () => pos.createCipher('tdes', KEY16()),
  SecretKey: () => pos.SecretKey.fromBytes('tdes', KEY16()),
  CipherKey: () => pos.CipherKey.fromBytes('tdes', KEY16(), { provider: pos.createProvider({ tdes: pos.tdes }) }),
  ReversalJournal: () => new pos.ReversalJournal(),
  BatchJournal: () => new pos.BatchJournal({ batch: '000001', records: [] } as never),
  TerminalSession: (kit) => kit.session(),
  AcquirerHost: () => new hostKit.AcquirerHost({ authorize: () => '00', now }),
  KeyStore: () => hostKit.createKeyStore(),
  ReversalLedger: () => new hostKit.ReversalLedger(),
  MemoryHostStore: () => new hostKit.MemoryHostStore(),
  HostStore: () => new hostKit.MemoryHostStore(),
  PgHostStore: () => new PgHostStore({ pool: { query: async () => ({ rows: [], rowCount: 0 }) } as never }),
  HostLedger: () => new testing.HostLedger(),
  HostCardTable: () => new testing.HostCardTable([{ pan: PAN, balance: '1000' }]),
  AcquirerHostSimulator: () => new testing.AcquirerHostSimulator({ terminals: [{ terminalId: TID, tmk: TMK }], cards: [{ pan: PAN }], now, random: seeded(3) }),
  FramedConnection: (kit) => kit.connection(),
  Iso8583Client: (kit) => kit.client(),
  ClientPool: async (kit) => {
    const { port } = await kit.server();
    const pool = await node.createClientPool({ host: '127.0.0.1', port, profile: plainProfile, dialect: plainDialect, size: 2 });
    kit.onClose(() => pool.close());
    return pool;
  },
  FramedServer: async (kit) => {
    const server = await node.createFramedServer({ profile: pos.cupFrameProfile, handler: (frame: Uint8Array) => frame, host: '127.0.0.1', port: 0 });
    kit.onClose(() => server.close({ deadlineMs: 0 }));
    return server;
  },
  HostServer: async (kit) => {
    const simulator = new testing.AcquirerHostSimulator({ terminals: [{ terminalId: TID, tmk: TMK }], now, random: seeded(3) });
    const server = await node.startHostSimulator({ simulator, host: '127.0.0.1', port: 0 });
    kit.onClose(() => server.close({ deadlineMs: 0 }));
    return server;
  },
  FramedChannel: async (kit) => new node.FramedChannel(await kit.socket(), CHANNEL_SETTINGS, () => null),
};
