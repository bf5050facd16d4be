// The shared argument checks: the right value passes through, anything else is BAD_ARGUMENT naming the argument.
import { describe, expect, it } from 'vitest';
import {
  expectBoolean,
  expectBytes,
  expectFunction,
  expectInteger,
  expectObject,
  expectOneOf,
  expectOptions,
  expectPlainObject,
  expectString,
  isPlainObject,
  shapeOf,
} from '../../src/arguments.js';
import { caught } from '../support/errors.js';

class Thing {}

describe('argument checks', () => {
  it('pass the right values through unchanged', () => {
    const bytes = new Uint8Array(2);
    const obj = { a: 1 };
    expect(expectBytes(bytes, 'data')).toBe(bytes);
    expect(expectString('', 'pan')).toBe('');
    expect(expectBoolean(false, 'strict')).toBe(false);
    expect(expectInteger(7, 'length', 1, 8)).toBe(7);
    expect(expectPlainObject(obj, 'options')).toBe(obj);
    expect(expectOneOf('cmac', 'method', ['zero-block', 'cmac'])).toBe('cmac');
    expect(expectOptions(obj)).toBe(obj);
    expect(expectOptions(undefined)).toStrictEqual({});
    const thing = new Thing();
    expect(expectObject(thing, 'header')).toBe(thing);
    const f = (): number => 1;
    expect(expectFunction(f, 'onFrame')).toBe(f);
  });

  it.each([
    ['bytes given a hex string', () => expectBytes('00', 'data'), 'data must be a Uint8Array', 'data', 'a Uint8Array', 'string'],
    ['bytes given another typed array', () => expectBytes(new Uint16Array(1), 'key'), 'key must be a Uint8Array', 'key', 'a Uint8Array', 'another typed array'],
    ['bytes given a plain array', () => expectBytes([1, 2], 'key'), 'key must be a Uint8Array', 'key', 'a Uint8Array', 'array'],
    ['a string given null', () => expectString(null, 'pan'), 'pan must be a string', 'pan', 'a string', 'null'],
    ['a string given a number', () => expectString(4111, 'pan'), 'pan must be a string', 'pan', 'a string', 'integer'],
    ['a boolean given a string', () => expectBoolean('yes', 'strict'), 'strict must be true or false', 'strict', 'true or false', 'string'],
    ['an integer given NaN', () => expectInteger(NaN, 'length'), 'length must be an integer from 0 to 9007199254740991', 'length', 'an integer from 0 to 9007199254740991', 'NaN'],
    ['an integer given a fraction', () => expectInteger(1.5, 'length', 0, 8), 'length must be an integer from 0 to 8', 'length', 'an integer from 0 to 8', 'number'],
    ['an integer below its range', () => expectInteger(-1, 'length', 0, 8), 'length must be an integer from 0 to 8', 'length', 'an integer from 0 to 8', 'below 0'],
    ['an integer above its range', () => expectInteger(9, 'length', 0, 8), 'length must be an integer from 0 to 8', 'length', 'an integer from 0 to 8', 'above 8'],
    ['an integer given Infinity', () => expectInteger(Infinity, 'length'), 'length must be an integer from 0 to 9007199254740991', 'length', 'an integer from 0 to 9007199254740991', 'infinite number'],
    ['a plain object given a class instance', () => expectPlainObject(new Thing(), 'options'), 'options must be a plain object', 'options', 'a plain object', 'class instance'],
    ['a plain object given bytes', () => expectPlainObject(new Uint8Array(1), 'options'), 'options must be a plain object', 'options', 'a plain object', 'Uint8Array'],
    ['options given null', () => expectOptions(null as never), 'options must be a plain object', 'options', 'a plain object', 'null'],
    ['options given a number', () => expectOptions(4111 as never, 'cupOptions'), 'cupOptions must be a plain object', 'cupOptions', 'a plain object', 'integer'],
    ['an object given an array', () => expectObject([1] as never, 'parts'), 'parts must be an object', 'parts', 'an object', 'array'],
    ['an object given another typed array', () => expectObject(new Uint16Array(1), 'tpdu'), 'tpdu must be an object', 'tpdu', 'an object', 'another typed array'],
    ['an object given a string', () => expectObject('4111' as never, 'header'), 'header must be an object', 'header', 'an object', 'string'],
    ['a function given an object', () => expectFunction({}, 'listener'), 'listener must be a function', 'listener', 'a function', 'object'],
    ['a choice given another string', () => expectOneOf('4111111111111111', 'method', ['zero-block', 'cmac']), 'method must be one of zero-block, cmac', 'method', 'one of zero-block, cmac', 'another string'],
    ['a choice given undefined', () => expectOneOf(undefined, 'method', ['zero-block', 'cmac']), 'method must be one of zero-block, cmac', 'method', 'one of zero-block, cmac', 'undefined'],
  ])('refuse %s with BAD_ARGUMENT naming the argument and the shapes, never the value', (_, run, message, path, expected, found) => {
    const e = caught(run);
    expect([e.code, e.message, e.path, e.expected, e.found]).toStrictEqual(['BAD_ARGUMENT', `${message} (field ${path})`, path, expected, found]);
    expect(e.message).not.toContain('4111');
  });

  it('count objects without a class, including null-prototype ones, as plain', () => {
    expect([{}, Object.create(null), new Thing(), [], null, new Date(0)].map(isPlainObject)).toStrictEqual([true, true, false, false, false, false]);
  });

  it('name shapes, never values', () => {
    expect([undefined, true, 'x', 1, 1.5, NaN, -Infinity, null, [], {}, new Uint8Array(1), new ArrayBuffer(1), new DataView(new ArrayBuffer(1)), () => 0, Symbol('s')].map(shapeOf)).toStrictEqual([
      'undefined', 'boolean', 'string', 'integer', 'number', 'NaN', 'infinite number', 'null', 'array', 'object', 'Uint8Array', 'ArrayBuffer', 'DataView', 'function', 'symbol',
    ]);
  });
});
