/**
 * Valid CUP POS requests of every transaction of the table, made by the library's own request builders
 * from random but realistic inputs: Luhn-valid cards, tracks that agree with the PAN and expiry, chip
 * data whose 9F02 is the request's amount, real calendar dates, STANs from 000001.
 */
import { expectOptions } from '../arguments.js';
import BN from 'bn.js';
import fc from 'fast-check';
import type { KeyInput } from '../crypto/key.js';
import { signMessage, type MessageMacOptions } from '../crypto/message-mac.js';
import { cupDialect } from '../message/builtin-dialects.js';
import { Iso8583Error } from '../errors.js';
import type { Dialect } from '../message/dialect.js';
import type { MessageObject } from '../message/engine.js';
import type { Message } from '../message/message.js';
import type { BuildContext, CardInput, PinInput } from '../txn/builders/index.js';
import {
  buildAdjustment,
  buildBalanceInquiry,
  buildOfflineSettlement,
  buildPreauth,
  buildPreauthCompletion,
  buildPreauthCompletionAdvice,
  buildPreauthCompletionVoid,
  buildPreauthVoid,
  buildRefund,
  buildSale,
  buildTip,
  buildVoid,
} from '../txn/builders/index.js';
import {
  buildAdviceUpload,
  buildBatchUpload,
  buildBatchUploadEnd,
  buildEcho,
  buildIcTcUpload,
  buildSettlement,
  buildSignIn,
  buildSignOut,
} from '../txn/management.js';
import { buildChipFailureUpload, buildEcOfflineUpload, buildScriptNotification, type ChipOriginal } from '../txn/builders/chip.js';
import { buildPaymentResultQuery, buildQrOrder } from '../txn/builders/qr.js';
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
  type DownloadEndCode,
  type ListDownloadCode,
} from '../txn/params/parameter-requests.js';
import { ReversalJournal } from '../txn/reversal-journal.js';
import { toHex } from '../bytes/hex.js';
import { cardClassOf } from '../txn/settlement.js';
import { keptRequest } from '../txn/request-copy.js';
import { identifyTransaction, TRANSACTION_KINDS, TRANSACTIONS } from '../txn/transaction-table.js';
import type { BatchRecord, ReversalReason, TransactionKind } from '../txn/types.js';
import { amount } from './arbitraries-amount.js';
import { digitString, expiry, luhnPan, track2, track3 } from './arbitraries-card.js';
import { emvTlvSet } from './arbitraries-emv.js';

/** Options of `cupTransaction` and `anyCupTransaction`. */
export interface CupTransactionOptions {
  /** Dialect the requests are built with (default: the CUP dialect with default options). */
  dialect?: Dialect;
  /** MAK: when given, requests of transactions that carry a MAC get field 64 computed under it; otherwise they are unsigned. */
  mak?: KeyInput;
  /** MAC scheme and settings (default the CUP ECB MAC). */
  macOptions?: MessageMacOptions;
}

/** A generated request and the transaction it was built as. */
export interface GeneratedCupRequest {
  kind: TransactionKind;
  request: MessageObject;
}

let defaultCup: Dialect | undefined;

const pad2 = (n: number): string => String(n).padStart(2, '0');
const UPPER_ALNUM = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const alnum = (n: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...UPPER_ALNUM), { minLength: n, maxLength: n }).map((a) => a.join(''));

const stan = fc.integer({ min: 1, max: 999999 }).map((n) => String(n).padStart(6, '0'));
const batch = digitString(6);
/** MMDD with a day every month has. */
const monthDay = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => pad2(m) + pad2(d));
const rrn = digitString(12);
const authCode = alnum(6);
/** Amounts small enough that an original plus a tip still fit 12 digits. */
const halfAmount = amount({ max: '499999999999' });

/** Terminal contexts: identifiers, STAN, batch and operator of one request. */
function context(dialect: Dialect): fc.Arbitrary<BuildContext> {
  return fc
    .record({
      terminalId: alnum(8),
      merchantId: digitString(15),
      stan,
      batch,
      operator: digitString(2, 3),
      now: fc.date({ min: new Date(Date.UTC(2020, 0, 1)), max: new Date(Date.UTC(2035, 11, 31)), noInvalidDate: true }),
      readCapability: fc.option(fc.constantFrom('2', '5', '6'), { nil: undefined }),
    })
    .map((c) => {
      const ctx: BuildContext = { dialect, ...c };
      if (c.readCapability === undefined) delete ctx.readCapability;
      return ctx;
    });
}

/** How cards may be read for a transaction; `qr-voucher` is a QR payment named by its voucher (voids and refunds). */
type Entry = CardInput['entry'] | 'qr-voucher';
const CARD_ENTRIES: readonly Entry[] = ['magstripe', 'contact', 'contactless', 'manual'];
const ANY_ENTRY: readonly Entry[] = [...CARD_ENTRIES, 'qr'];
const CANCELLING_ENTRY: readonly Entry[] = [...CARD_ENTRIES, 'qr-voucher'];

/** Track 2 of a given PAN and expiry (the builders check that the three agree). */
function track2Of(pan: string, exp: string): fc.Arbitrary<string> {
  return track2({ pan: fc.constant(pan), expiry: fc.constant(exp) });
}

/** Chip data a request carries: 9F02 (amount authorised) and 9C (transaction type). */
interface ChipFacts {
  amount: string;
  type: string;
}

/** A card read in one of `entries`; chip cards carry an ARQC set with the given 9F02 and 9C. */
function cardInput(entries: readonly Entry[], chip: ChipFacts): fc.Arbitrary<CardInput> {
  return fc.constantFrom(...entries).chain((entry): fc.Arbitrary<CardInput> => {
    switch (entry) {
      case 'magstripe':
        return fc
          .tuple(luhnPan(), expiry(), fc.boolean(), fc.boolean())
          .chain(([pan, exp, withTrack3, fallback]) =>
            fc.tuple(track2Of(pan, exp), withTrack3 ? track3({ pan: fc.constant(pan) }) : fc.constant(undefined)).map(([t2, t3]) => {
              const card: CardInput = { entry: 'magstripe', track2: t2 };
              if (t3 !== undefined) card.track3 = t3;
              if (fallback) card.fallback = true;
              return card;
            }),
          );
      case 'contact':
      case 'contactless':
        return fc
          .tuple(luhnPan(), expiry(), fc.constantFrom('000', '001', '002'), fc.boolean(), emvTlvSet({ amount: fc.constant(chip.amount), transactionType: chip.type }))
          .chain(([pan, exp, sequence, withTrack, icc]) =>
            (withTrack ? track2Of(pan, exp) : fc.constant(undefined)).map((t2): CardInput => {
              const card = { entry, pan, expiry: exp, sequence, icc };
              return t2 === undefined ? card : { ...card, track2: t2 };
            }),
          );
      case 'manual':
        return fc.tuple(luhnPan(), expiry()).map(([pan, exp]): CardInput => ({ entry: 'manual', pan, expiry: exp }));
      case 'qr':
        // C2B payment codes are 19 digits starting with 62.
        return digitString(17).map((rest): CardInput => ({ entry: 'qr', code: `62${rest}` }));
      case 'qr-voucher':
        // Vouchers seen in answers are 20 characters.
        return alnum(20).map((voucher): CardInput => ({ entry: 'qr', voucher }));
    }
  });
}

const pinInput: fc.Arbitrary<PinInput> = fc.record({
  block: fc.uint8Array({ minLength: 8, maxLength: 8 }),
  maxLength: fc.constantFrom('06', '12'),
  format: fc.constantFrom('iso0', 'cup-no-pan'),
  algorithm: fc.constantFrom('des', 'tdes'),
});

/** The card-side inputs of a builder: the card, a PIN when allowed, and the track encryption flag when a track is present. */
interface CardSide {
  card: CardInput;
  pin?: PinInput;
  trackEncrypted?: boolean;
}

/** Online requests may carry a PIN and enciphered tracks; offline advices carry neither. */
function cardSide(entries: readonly Entry[], online: boolean, chip: ChipFacts): fc.Arbitrary<CardSide> {
  return fc
    .tuple(cardInput(entries, chip), online ? fc.option(pinInput, { nil: undefined }) : fc.constant(undefined), fc.boolean())
    .map(([card, pin, encrypt]) => {
      const side: CardSide = { card };
      if (pin !== undefined) side.pin = pin;
      if (online && encrypt && 'track2' in card && card.track2 !== undefined) side.trackEncrypted = true;
      return side;
    });
}

/** What a card request's generator varies besides the card: its amounts and the chip's 9C. */
interface CardRequestShape {
  /** Amounts of field 4 (default `amount()`). */
  amounts?: fc.Arbitrary<string>;
  /** 9C of the chip data (default `00`, goods and services). */
  chipType?: string;
  /** 9F02 when it is not field 4 (a balance inquiry authorises no amount). */
  chipAmount?: string;
}

/** A card request: context, amount, card side, then whatever else `extra` draws, built by `build`. */
function cardRequest<E>(
  dialect: Dialect,
  entries: readonly Entry[],
  online: boolean,
  extra: fc.Arbitrary<E>,
  build: (ctx: BuildContext, side: CardSide, amount12: string, extra: E) => Message,
  shape: CardRequestShape = {},
): fc.Arbitrary<Message> {
  return fc
    .tuple(context(dialect), shape.amounts ?? amount(), extra)
    .chain(([ctx, amt, e]) =>
      cardSide(entries, online, { amount: shape.chipAmount ?? amt, type: shape.chipType ?? '00' }).map((side) => build(ctx, side, amt, e)),
    );
}

const voidOriginal = fc.record({ stan, batch, rrn, authCode: fc.option(authCode, { nil: undefined }) });
const preauthReference = fc.record({ authCode, date: monthDay });
const adjustedOriginal = fc.record(
  { stan, batch, date: monthDay, rrn, authCode },
  { requiredKeys: ['stan', 'batch'] },
);

/** Drops keys whose value is `undefined`, so builders see only the inputs that were drawn. */
function defined<T extends object>(o: T): T {
  const out = { ...o };
  for (const k of Object.keys(out) as (keyof T)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/** Generators of unsigned requests, by transaction (reversals are made from these). */
function requestArbs(dialect: Dialect): Record<Exclude<TransactionKind, 'reversal'>, fc.Arbitrary<Message>> {
  const arbs = cardAndManagementArbs(dialect);
  // A refund or offline advice as the terminal keeps it, uploaded in its own 0320 after an unbalanced settlement.
  const adviceUpload = fc
    .tuple(context(dialect), fc.oneof(arbs.refund, arbs['offline-settlement'], arbs['preauth-completion-advice']))
    .map(([c, advice]) =>
      buildAdviceUpload(c, {
        stan: advice.get('11') as string,
        kind: identifyTransaction(advice)!,
        amount: advice.get('4') as string,
        direction: 'debit',
        cardClass: 'domestic',
        pan: advice.get('2') as string,
        voided: false,
        detail: keptRequest(advice.toObject()),
      }),
    );
  return { ...arbs, 'advice-upload': adviceUpload };
}

function cardAndManagementArbs(dialect: Dialect): Record<Exclude<TransactionKind, 'reversal' | 'advice-upload'>, fc.Arbitrary<Message>> {
  const none = fc.constant(undefined);
  const ctx = context(dialect);
  return {
    'sign-in': fc
      .tuple(ctx, fc.constantFrom('001', '003', '004'), fc.option(fc.tuple(alnum(4), fc.stringMatching(/^[0-9A-Z-]{1,30}$/)), { nil: undefined }))
      .map(([c, keyLayout, info]) =>
        buildSignIn(c, info === undefined ? { keyLayout } : { keyLayout, terminalInfo: { licence: info[0], serial: info[1] } }),
      ),
    'sign-out': ctx.map((c) => buildSignOut(c)),
    echo: ctx.map((c) => buildEcho(c)),
    balance: cardRequest(dialect, CARD_ENTRIES, true, none, (c, side) => buildBalanceInquiry(c, side), {
      chipType: '31',
      chipAmount: '000000000000',
    }),
    sale: cardRequest(dialect, ANY_ENTRY, true, fc.boolean(), (c, side, amt, partial) =>
      buildSale(c, { ...side, amount: amt, ...(partial ? { partialApproval: true } : {}) }),
    ),
    void: cardRequest(dialect, CANCELLING_ENTRY, true, voidOriginal, (c, side, amt, o) => buildVoid(c, { ...side, original: defined({ ...o, amount: amt }) })),
    refund: cardRequest(dialect, CANCELLING_ENTRY, true, fc.tuple(fc.record({ rrn, date: monthDay }), fc.option(cardOrganisation, { nil: undefined })), (c, side, amt, [original, org]) =>
      buildRefund(c, defined({ ...side, amount: amt, original, cardOrganisation: org })),
      { chipType: '20' },
    ),
    preauth: cardRequest(dialect, ANY_ENTRY, true, fc.boolean(), (c, side, amt, partial) =>
      buildPreauth(c, { ...side, amount: amt, ...(partial ? { partialApproval: true } : {}) }),
    ),
    'preauth-void': cardRequest(dialect, CARD_ENTRIES, true, preauthReference, (c, side, amt, ref) =>
      buildPreauthVoid(c, { ...side, original: { ...ref, amount: amt } }),
    ),
    'preauth-completion': cardRequest(dialect, CARD_ENTRIES, true, preauthReference, (c, side, amt, original) =>
      buildPreauthCompletion(c, { ...side, amount: amt, original }),
    ),
    'preauth-completion-void': cardRequest(
      dialect,
      CARD_ENTRIES,
      true,
      fc.tuple(voidOriginal, fc.option(monthDay, { nil: undefined })),
      (c, side, amt, [o, date]) => buildPreauthCompletionVoid(c, { ...side, original: defined({ ...o, date, amount: amt }) }),
    ),
    'preauth-completion-advice': cardRequest(dialect, CARD_ENTRIES, false, preauthReference, (c, side, amt, original) =>
      buildPreauthCompletionAdvice(c, { ...side, amount: amt, original }),
    ),
    'offline-settlement': cardRequest(
      dialect,
      CARD_ENTRIES,
      false,
      fc.tuple(
        fc.option(authCode, { nil: undefined }),
        fc.option(fc.record({ method: fc.constantFrom('00', '01', '02'), institution: digitString(11) }, { requiredKeys: ['method'] }), {
          nil: undefined,
        }),
      ),
      (c, side, amt, [code, authorisation]) => buildOfflineSettlement(c, defined({ ...side, amount: amt, authCode: code, authorisation })),
    ),
    adjustment: cardRequest(dialect, CARD_ENTRIES, false, fc.tuple(adjustedOriginal, fc.option(halfAmount, { nil: undefined })), (c, side, amt, [original, tip]) =>
      buildAdjustment(c, defined({ ...side, amount: amt, tip, original })),
    ),
    tip: cardRequest(
      dialect,
      CARD_ENTRIES,
      false,
      fc.tuple(adjustedOriginal, halfAmount),
      // The chip data is the original sale's: 9F02 is its amount, without the tip.
      (c, side, amt, [original, tipAmount]) => buildTip(c, { ...side, tip: tipAmount, original: { ...original, amount: amt } }),
      { amounts: halfAmount },
    ),
    settlement: fc.tuple(ctx, classTotals, classTotals).map(([c, domestic, foreign]) => buildSettlement(c, { totals: { domestic, foreign } })),
    'batch-upload': fc.tuple(ctx, fc.array(batchRecord, { minLength: 1, maxLength: 8 })).map(([c, records]) => buildBatchUpload(c, records)),
    'batch-upload-end': fc
      .tuple(ctx, fc.integer({ min: 0, max: 9999 }), fc.constantFrom('202', '207') as fc.Arbitrary<'202' | '207'>)
      .map(([c, count, code]) => buildBatchUploadEnd(c, { count, code })),
    ...parameterArbs(ctx),
    'script-notification': fc
      .tuple(ctx, chipOriginal, fc.uint8Array({ minLength: 1, maxLength: 5 }))
      .map(([c, original, results]) =>
        buildScriptNotification(c, {
          original,
          icc: [
            { tag: '95', value: '0000000000' },
            { tag: '9F10', value: '07010103A00000010A01000000000000000000' },
            { tag: '9F26', value: '1122334455667788' },
            { tag: '9F36', value: '0001' },
            { tag: '82', value: '7C00' },
            { tag: 'DF31', value: toHex(results) },
            { tag: '9F1A', value: '0156' },
            { tag: '9A', value: '260101' },
          ],
        }),
      ),
    'chip-failure-upload': fc
      .tuple(ctx, luhnPan(), amount(), fc.constantFrom('204', '206') as fc.Arbitrary<'204' | '206'>, fc.constantFrom('arpc-error', 'card-declined') as fc.Arbitrary<'arpc-error' | 'card-declined'>)
      .chain(([c, pan, amt, code, failure]) =>
        fc
          .tuple(emvTlvSet({ amount: fc.constant(amt), transactionType: '00' }), fc.constantFrom('domestic', 'foreign') as fc.Arbitrary<'domestic' | 'foreign'>)
          .map(([icc, cardClass]) => buildChipFailureUpload(c, { code, failure, pan, amount: amt, entryMode: '051', icc, cardClass })),
      ),
    'ec-offline-upload': cardRequest(dialect, ['contact', 'contactless'], false, none, (c, side, amt) =>
      buildEcOfflineUpload(c, { card: side.card as Extract<CardInput, { entry: 'contact' | 'contactless' }>, amount: amt }),
    ),
    'qr-order': fc.tuple(ctx, amount(), alnum(16)).map(([c, amt, order]) => buildQrOrder(c, { amount: amt, order })),
    'qr-result-query': fc
      .tuple(ctx, stan, batch, fc.option(monthDay, { nil: undefined }), fc.option(alnum(20), { nil: undefined }))
      .map(([c, s, b, date, voucher]) => buildPaymentResultQuery(c, { original: defined({ stan: s, batch: b, date, voucher }) })),
    'ic-tc-upload': fc
      .tuple(ctx, luhnPan(), amount(), fc.constantFrom('203', '205') as fc.Arbitrary<'203' | '205'>, fc.constantFrom('051', '071'))
      .chain(([c, pan, amt, code, entryMode]) =>
        fc
          .tuple(emvTlvSet({ amount: fc.constant(amt), transactionType: '00' }), fc.option(fc.constantFrom('000', '001'), { nil: undefined }), fc.uint8Array({ minLength: 1, maxLength: 32 }))
          .map(([icc, sequence, record]) => buildIcTcUpload(c, defined({ code, pan, amount: amt, entryMode, sequence, icc, record }))),
      ),
  };
}

const cardOrganisation = fc.constantFrom('CUP', 'VIS', 'MCC', 'JCB', '000');

/** The original chip transaction a script notification names. */
const chipOriginal: fc.Arbitrary<ChipOriginal> = fc
  .record({ pan: luhnPan(), amount: amount(), batch, stan, date: monthDay, rrn, authCode, entryMode: fc.constantFrom('051', '071') })
  .map((o) => ({ ...o, processingCode: '000000', sequence: '001', currency: '156', readCapability: '6', iccCondition: '0', acquirer: '48025800' }));

/** The management exchanges after sign-in: SM sign-in, EMV parameter queries, downloads and ends, parameters, status, lists. */
function parameterArbs(ctx: fc.Arbitrary<BuildContext>) {
  const received = fc.integer({ min: 0, max: 99 });
  return {
    'sm-sign-in': fc
      .tuple(ctx, fc.constantFrom('005', '006') as fc.Arbitrary<'005' | '006'>, fc.option(fc.tuple(alnum(4), fc.stringMatching(/^[0-9A-Z-]{1,30}$/)), { nil: undefined }))
      .map(([c, code, info]) => buildSmSignIn(c, info === undefined ? { code } : { code, terminalInfo: { licence: info[0], serial: info[1] } })),
    'aid-query': fc.tuple(ctx, received).map(([c, n]) => buildAidQuery(c, { received: n })),
    'aid-download': fc.tuple(ctx, fc.uint8Array({ minLength: 5, maxLength: 16 })).map(([c, aid]) => buildAidDownload(c, { aid: toHex(aid) })),
    'aid-download-end': ctx.map((c) => buildDownloadEnd(c, '381')),
    'capk-query': fc.tuple(ctx, received, fc.boolean()).map(([c, n, sm]) => buildCaKeyQuery(c, { received: n, sm })),
    'capk-download': fc
      .tuple(ctx, fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.uint8Array({ minLength: 1, maxLength: 1 }))
      .map(([c, rid, index]) => buildCaKeyDownload(c, { rid: toHex(rid), index: toHex(index) })),
    'capk-download-end': ctx.map((c) => buildDownloadEnd(c, '371')),
    'terminal-parameters': fc.tuple(ctx, fc.constantFrom('364', '360') as fc.Arbitrary<'364' | '360'>).map(([c, code]) => buildTerminalParameterDownload(c, { code })),
    'terminal-parameters-end': ctx.map((c) => buildDownloadEnd(c, '361')),
    'status-upload': ctx.map((c) => buildStatusUpload(c)),
    'tmk-download': fc.tuple(ctx, fc.option(fc.uint8Array({ minLength: 1, maxLength: 32 }), { nil: undefined })).map(([c, data]) => buildTmkDownload(c, defined({ data }))),
    'list-download': fc
      .tuple(ctx, fc.constantFrom('390', '394', '396', '398', '960') as fc.Arbitrary<ListDownloadCode>, fc.option(fc.uint8Array({ minLength: 1, maxLength: 16 }), { nil: undefined }))
      .map(([c, code, data]) => buildListDownload(c, defined({ code, data }))),
    'list-download-end': fc
      .tuple(ctx, fc.constantFrom('391', '395', '397', '399', '961') as fc.Arbitrary<DownloadEndCode>)
      .map(([c, code]) => buildDownloadEnd(c, code)),
  };
}

/** Debit and credit totals of one card class. */
const classTotals = fc.record({
  debitAmount: amount({ min: '0' }),
  debitCount: fc.integer({ min: 0, max: 999 }),
  creditAmount: amount({ min: '0' }),
  creditCount: fc.integer({ min: 0, max: 999 }),
});

/** A settled sale as the batch journal keeps it. */
const batchRecord: fc.Arbitrary<BatchRecord> = fc.tuple(stan, luhnPan(), amount()).map(([s, pan, amt]) => ({
  stan: s,
  kind: 'sale',
  amount: new BN(amt, 10).toString(10),
  direction: 'debit',
  cardClass: cardClassOf(pan),
  pan,
  voided: false,
}));

const REVERSIBLE: readonly TransactionKind[] = TRANSACTION_KINDS.filter((k) => TRANSACTIONS[k].reversible);
const REVERSAL_REASONS: readonly ReversalReason[] = ['98', '96', 'A0', '06'];

/** A reversal of a reversible request, made the way a terminal makes it: journalled, then rebuilt as a 0400. */
function reversalArb(dialect: Dialect, arbs: ReturnType<typeof requestArbs>): fc.Arbitrary<Message> {
  return fc
    .constantFrom(...REVERSIBLE)
    .chain((kind) => fc.tuple(fc.constant(kind), arbs[kind as Exclude<TransactionKind, 'reversal'>], fc.constantFrom(...REVERSAL_REASONS)))
    .map(([kind, original, reason]) => {
      const journal = new ReversalJournal();
      journal.journal(kind, original);
      journal.setReason(reason);
      return journal.buildReversal(dialect);
    });
}

function finish(dialect: Dialect, kind: TransactionKind, m: Message, options: CupTransactionOptions): MessageObject {
  const body = options.mak !== undefined && TRANSACTIONS[kind].mac ? signMessage(dialect, m, options.mak, options.macOptions) : dialect.encode(m);
  // Read back from the wire so that values a builder set in raw form (a composite given as text) come out structured.
  return dialect.decode(body).toObject();
}

/**
 * Valid CUP requests of transaction `kind` in canonical form, built by the request builders: each
 * encodes, decodes back equal and passes `validateRequest` (with `unsigned` unless a MAK was given).
 */
export function cupTransaction(kind: TransactionKind, options?: CupTransactionOptions): fc.Arbitrary<MessageObject> {
  options = expectOptions(options);
  if (!TRANSACTION_KINDS.includes(kind)) {
    throw new Iso8583Error('BAD_OPTION', 'transaction kind is not one of the CUP POS table', { path: 'kind' });
  }
  const dialect = options.dialect ?? (defaultCup ??= cupDialect());
  return kindArb(dialect, requestArbs(dialect), kind).map((m) => finish(dialect, kind, m, options));
}

function kindArb(dialect: Dialect, arbs: ReturnType<typeof requestArbs>, kind: TransactionKind): fc.Arbitrary<Message> {
  return kind === 'reversal' ? reversalArb(dialect, arbs) : arbs[kind];
}

/** Valid CUP requests of any transaction of the table, each with the kind it was built as. */
export function anyCupTransaction(options?: CupTransactionOptions): fc.Arbitrary<GeneratedCupRequest> {
  options = expectOptions(options);
  const dialect = options.dialect ?? (defaultCup ??= cupDialect());
  const arbs = requestArbs(dialect);
  return fc.oneof(
    ...TRANSACTION_KINDS.map((kind) => kindArb(dialect, arbs, kind).map((m) => ({ kind, request: finish(dialect, kind, m, options) }))),
  );
}
