// Framing: the bytes around an ISO 8583 message on the wire (length header, TPDU, CUP header), and a stream deframer.
export * from './length-header.js';
export * from './tpdu.js';
export * from './cup-header.js';
export * from './profile.js';
export * from './frame.js';
export * from './deframer.js';
