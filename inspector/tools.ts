// The page's test-key tools, through the library's crypto: verify a message's MAC, a key's check value, decode a PIN block.
import {
  Iso8583Error,
  decryptPinBlock,
  fromHex,
  kcv,
  toHex,
  verifyMessageMac,
  type CipherAlgorithm,
  type Dialect,
  type Message,
  type MessageMacScheme,
  type PinBlockFormat,
} from '../src/portable.js';
import { panOf } from '../src/transactions.js';

export type ToolResult = { ok: true; text: string } | { ok: false; code: string; message: string };

export const MAC_SCHEMES: readonly MessageMacScheme[] = ['cup-ecb', 'retail', 'x9.9', 'cmac'];
export const KCV_ALGORITHMS: readonly CipherAlgorithm[] = ['des', 'tdes', 'aes', 'sm4'];
export const PIN_FORMATS: readonly PinBlockFormat[] = [0, 1, 2, 3, 'cup-no-pan'];

/** Whether the MAC field of `body` is the MAC of the rest under the test MAK written in `makHex`. */
export function verifyMacTool(dialect: Dialect, body: Uint8Array, makHex: string, scheme: MessageMacScheme): ToolResult {
  return run(() => {
    const mak = keyBytes(makHex, 'MAK');
    try {
      return verifyMessageMac(dialect, body, mak, { scheme })
        ? `the MAC matches: this message was signed with this MAK (${scheme})`
        : `the MAC does not match this MAK (${scheme})`;
    } finally {
      mak.fill(0);
    }
  });
}

/** The check value of the test key written in `keyHex`. */
export function kcvTool(algorithm: CipherAlgorithm, keyHex: string): ToolResult {
  return run(() => {
    const key = keyBytes(keyHex, 'key');
    try {
      return `KCV ${toHex(kcv(algorithm, key))}`;
    } finally {
      key.fill(0);
    }
  });
}

/** The PIN format a CUP message names in 53.1 (`1` without the PAN, `2` ISO format 0), when it names one. */
export function pinFormatOf(message: Message | undefined): PinBlockFormat | undefined {
  const f = message?.get('53.1');
  return f === '1' ? 'cup-no-pan' : f === '2' ? 0 : undefined;
}

/** The PIN in field 52 of `message` (or in `blockHex` when given) under the test PIN key written in `keyHex`. */
export function pinTool(format: PinBlockFormat, keyHex: string, message: Message | undefined, blockHex: string, panText: string): ToolResult {
  return run(() => {
    const key = keyBytes(keyHex, 'PIN key');
    try {
      let block: Uint8Array;
      if (blockHex.trim() !== '') block = fromHex(blockHex.replace(/\s+/g, ''), 'PIN block');
      else {
        const field = message?.get('52');
        if (!(field instanceof Uint8Array)) throw new MissingInput('the message carries no PIN block (52): type one');
        block = field;
      }
      const pan = panText.trim() !== '' ? panText.trim() : message ? panOf(message) : '';
      return `PIN ${decryptPinBlock(format, key, block, pan === '' ? undefined : pan)}`;
    } finally {
      key.fill(0);
    }
  });
}

function keyBytes(hex: string, what: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean === '') throw new MissingInput(`type a test ${what} in hex`);
  return fromHex(clean, what);
}

/** Something the tool needs was not given (the page's own complaint, not the library's). */
class MissingInput extends Error {}

function run(work: () => string): ToolResult {
  try {
    return { ok: true, text: work() };
  } catch (e) {
    if (e instanceof Iso8583Error) return { ok: false, code: e.code, message: e.message };
    if (e instanceof MissingInput) return { ok: false, code: 'NO_INPUT', message: e.message };
    throw e;
  }
}
