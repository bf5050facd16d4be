// `pos8583/node`: what needs Node itself — node:crypto as a cipher provider and framed TCP transport.
export { nodeProvider } from './crypto-provider.js';
export * from './tcp.js';
export * from './host-server.js';
