// The wrong-typed and wrong-shaped values the export sweep passes in every argument position, with a type for each
// so the sweep can ask TypeScript whether a parameter's declared type accepts it (then it is not a wrong value there).

/** A card number a bad string carries: no error text may ever contain it. */
export const PLANTED_PAN = '6225880123456783';

/** An object whose `length` getter throws: nothing may duck-type a wrong argument by reading it. */
function throwingGetter(): { readonly length: number } {
  return Object.defineProperty({}, 'length', {
    enumerable: true,
    get(): number {
      throw new Error('a getter of the caller ran');
    },
  }) as { readonly length: number };
}

const emptyObject = {};

/**
 * Each bad value by kind, made fresh for every call (a call that wrongly keeps or writes into one cannot spoil
 * the next); the declared types are what the sweep compares with each parameter's type.
 */
export const BAD_VALUES = {
  undefined: (): undefined => undefined,
  null: (): null => null,
  boolean: (): boolean => true,
  integer: (): number => 12345,
  NaN: (): number => NaN,
  Infinity: (): number => Infinity,
  negative: (): number => -1,
  fraction: (): number => 1.5,
  string: (): string => `x${PLANTED_PAN}`,
  bigint: (): bigint => BigInt(7),
  symbol: (): symbol => Symbol('bad'),
  function: (): ((...args: never[]) => unknown) => () => undefined,
  array: (): number[] => [1, 2, 3],
  object: (): typeof emptyObject => ({}),
  Uint16Array: (): Uint16Array => new Uint16Array(4),
  Int8Array: (): Int8Array => new Int8Array(4),
  DataView: (): DataView => new DataView(new ArrayBuffer(4)),
  ArrayBuffer: (): ArrayBuffer => new ArrayBuffer(4),
  'throwing getter': throwingGetter,
};

export type BadKind = keyof typeof BAD_VALUES;

/** Numbers that are numbers to TypeScript but no count, length, index, timeout or amount can be. */
export const SHAPE_BAD_NUMBERS: readonly BadKind[] = ['NaN', 'Infinity', 'negative', 'fraction'];
