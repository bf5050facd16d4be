// The transactions entry: the CUP POS transaction layer (transaction table, response codes, request builders, journals
// and settlement, parameter downloads, the terminal session, the host-side responder). Portable like
// `pos8583/portable`, and kept apart from it so a bundler that does not tree-shake (Metro) carries it only when imported.
export * from './txn/index.js';
