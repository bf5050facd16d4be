/**
 * Property testing a payment application with pos8583's generators.
 *
 * Copy this file into your own test suite and change the imports to the package entries:
 *
 *   import { dialects, validateRequest, ... } from 'pos8583';
 *   import { cupTransaction, anyCupTransaction, luhnPan, amount } from 'pos8583/testing';
 *
 * (`pos8583/testing` needs `fast-check` installed beside it.) Every property below uses a fixed seed, so
 * a failure prints the same shrunk counterexample on every run and on every machine.
 *
 * Run it on its own with `npx tsx examples/property-test.example.ts`.
 */
import fc from 'fast-check';
import BN from 'bn.js';
import { dialects, identifyTransaction, SecretKey, toHex, validateRequest, verifyMessageMac } from '../src/index.js';
import { amount, anyCupTransaction, cupTransaction, isLuhnValid, luhnPan } from '../src/testing/index.js';

/** Fixed seed and a run count small enough for a unit test suite. */
const RUNS = { seed: 8583, numRuns: 100 };

/** A test MAK (never a production key): the double-length TDES key 0123456789ABCDEF FEDCBA9876543210. */
const TEST_MAK = SecretKey.fromHex('tdes', '0123456789ABCDEFFEDCBA9876543210');

/** The part of your application under test: here, a receipt line that formats field 4 as yuan. */
export function receiptAmount(n12: string): string {
  const fen = new BN(n12, 10);
  return `CNY ${fen.divn(100).toString(10)}.${fen.modn(100).toString(10).padStart(2, '0')}`;
}

/** Runs every property of the example; throws (with the counterexample) when one fails. */
export function runPropertyExamples(): void {
  // 1. Any request a terminal may send survives the wire: encode, decode, same object and same bytes.
  fc.assert(
    fc.property(anyCupTransaction(), ({ kind, request }) => {
      const body = dialects.cup.encode(request);
      const decoded = dialects.cup.decode(body);
      if (identifyTransaction(decoded) !== kind) throw new Error('request read back as another transaction');
      if (toHex(dialects.cup.encode(decoded.toObject())) !== toHex(body)) throw new Error('re-encoding changed the bytes');
    }),
    RUNS,
  );

  // 2. Signed sales are complete and their MAC verifies: what an acquirer's front end checks first.
  fc.assert(
    fc.property(cupTransaction('sale', { mak: TEST_MAK }), (sale) => {
      const body = dialects.cup.encode(sale);
      validateRequest(dialects.cup.decode(body)); // throws Iso8583Error listing every problem
      return verifyMessageMac(dialects.cup, body, TEST_MAK);
    }),
    RUNS,
  );

  // 3. Your own code against generated values: the receipt shows exactly the amount on the wire.
  fc.assert(
    fc.property(amount(), (n12) => {
      const shown = receiptAmount(n12).slice(4).replace('.', '');
      return new BN(shown, 10).eq(new BN(n12, 10));
    }),
    RUNS,
  );

  // 4. Generators compose with fast-check's own: a card number with a chosen BIN is always Luhn-valid.
  fc.assert(
    fc.property(luhnPan({ prefix: '622588', length: 16 }), (pan) => pan.startsWith('622588') && isLuhnValid(pan)),
    RUNS,
  );
}

// Run directly (`npx tsx examples/property-test.example.ts`): report and set the exit code.
const invokedPath = typeof process !== 'undefined' ? process.argv[1] ?? '' : '';
if (invokedPath.endsWith('property-test.example.ts')) {
  runPropertyExamples();
  console.log('all example properties hold');
}
