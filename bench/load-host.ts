// The host of the load benchmark: a CUP answer handler (MAC verify, response, MAC) or a plain echo, on a
// framed server. Run as a child process (`load-host.ts mac|echo <MAK hex>`), it tells its parent the port.
import { pathToFileURL } from 'node:url';
import { fromHex } from '../src/bytes/hex.js';
import { SecretKey } from '../src/crypto/key.js';
import { signMessage, verifyMessageMac } from '../src/crypto/message-mac.js';
import { frameMessage, unframeMessage } from '../src/frame/frame.js';
import { cupFrameProfile } from '../src/frame/profile.js';
import { swapTpdu } from '../src/frame/tpdu.js';
import { dialects } from '../src/index.js';
import { createFramedServer } from '../src/node/server.js';
import { respondTo } from '../src/txn/host-responder.js';

/** Fixed clock and RRN: the answer's content does not change the cost, and the runs stay comparable. */
const NOW = new Date(2026, 0, 15, 10, 30, 0);

/** What a host does per request: unframe, decode, verify the MAC, build the answer, MAC it, frame it. */
export function macHostHandler(makHex: string): (frame: Uint8Array) => Uint8Array {
  const dialect = dialects.cup;
  const mak = SecretKey.fromBytes('des', fromHex(makHex));
  return (frame) => {
    const { tpdu, header, body } = unframeMessage(cupFrameProfile, frame);
    const request = dialect.decode(body);
    const good = verifyMessageMac(dialect, body, mak);
    const answer = respondTo(request, { dialect, now: () => NOW, rrn: '103000123456', responseCode: good ? '00' : 'A0' });
    return frameMessage(cupFrameProfile, { tpdu: swapTpdu(tpdu!), header: header!, body: signMessage(dialect, answer, mak) });
  };
}

/** The transport floor: the request goes back as its own answer, untouched. */
export function echoHandler(frame: Uint8Array): Uint8Array {
  return frame;
}

async function main(): Promise<void> {
  const [mode, makHex] = process.argv.slice(2);
  const handler = mode === 'mac' ? macHostHandler(makHex!) : echoHandler;
  const server = await createFramedServer({ profile: cupFrameProfile, handler, maxConnections: 5_000, idleTimeoutMs: 60_000 });
  process.send!({ port: server.port });
  process.on('disconnect', () => void server.close({ deadlineMs: 0 }).then(() => process.exit(0)));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
