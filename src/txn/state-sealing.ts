/**
 * Sealing a terminal's persisted state: the whole state (TMK, working keys, card numbers, chip data) is
 * encrypted by a sealer the caller provides — keys wrapped under a key-encryption key held in the terminal's
 * secure element, an HSM, the platform keystore — so storage never holds it in clear. The library does no
 * cryptography of its own here: the sealer owns the algorithm and the key.
 */
import { badArgument, shapeOf } from '../arguments.js';
import { Iso8583Error } from '../errors.js';
import { upgradeState, checkState, type TerminalState } from './session-state.js';

/** Encrypts and decrypts a state's JSON text under a key of the caller's. */
export interface StateSealer {
  /** Ciphertext of `clear` (printable text, e.g. base64 of an authenticated encryption). */
  seal(clear: string): string;
  /** The text `seal` was given; throws when `sealed` was not made by this sealer's key or was changed. */
  open(sealed: string): string;
}

/** A sealed terminal state: what a terminal stores when it seals its state. Plain JSON data. */
export interface SealedTerminalState {
  format: 'pos8583/terminal-state';
  version: 1;
  /** The sealer's ciphertext of the state's JSON text. */
  sealed: string;
}

/** The state sealed by `sealer`, ready for storage: `persist: (s) => store(sealState(s, sealer))`. */
export function sealState(state: TerminalState, sealer: StateSealer): SealedTerminalState {
  checkState(state);
  checkSealer(sealer);
  const sealed = sealer.seal(JSON.stringify(state));
  if (typeof sealed !== 'string') throw new Iso8583Error('BAD_ARGUMENT', 'a sealer must return text', { path: 'sealer.seal', expected: 'string' });
  return { format: 'pos8583/terminal-state', version: 1, sealed };
}

/** The state a sealed state holds, checked like any restored state: `TerminalSession.restore(openState(stored, sealer))`. */
export function openState(stored: SealedTerminalState, sealer: StateSealer): TerminalState {
  checkSealer(sealer);
  const s = stored as Partial<SealedTerminalState> | null;
  if (s === null || typeof s !== 'object' || s.format !== 'pos8583/terminal-state' || s.version !== 1 || typeof s.sealed !== 'string') {
    throw new Iso8583Error('BAD_STATE', 'sealed state must be a pos8583 terminal state of version 1', { path: 'sealed' });
  }
  const clear = sealer.open(s.sealed);
  let state: unknown;
  try {
    state = JSON.parse(clear);
  } catch {
    throw new Iso8583Error('BAD_STATE', 'sealed state does not open to a terminal state', { path: 'sealed' });
  }
  const upgraded = upgradeState(state as TerminalState);
  checkState(upgraded);
  return upgraded;
}

/** Throws BAD_ARGUMENT unless `sealer` has the two functions a sealer needs. */
function checkSealer(sealer: StateSealer): void {
  const s = sealer as Partial<StateSealer> | null;
  if (typeof s !== 'object' || s === null || typeof s.seal !== 'function' || typeof s.open !== 'function') {
    throw badArgument('sealer', 'an object with seal and open functions', shapeOf(sealer));
  }
}
