// The main entry: the portable library plus what needs Node's Buffer underneath (GBK text through iconv-lite).
export * from './portable.js';
