// The host of the load benchmark, run as a child process (`load-host.ts mac|echo`): a framed server answering
// the captured CUP sale as an application does (the Host pipeline's answerRequest: MAC verify, 0210, MAC), or
// echoing each frame untouched (the transport floor). It tells its parent the port it listens on.
import { cupDialect, cupFrameProfile, SecretKey } from '../src/index.js';
import { createFramedServer } from '../src/node/server.js';
import { answerRequest } from './host-pipeline.js';
import { cupSale } from './messages.js';

const mode = process.argv[2];
const sale = cupSale();
const dialect = cupDialect(sale.options);
const mak = SecretKey.fromBytes('des', sale.mak);
const clock = new Date(2024, 6, 11, 13, 14, 15);
const handler = mode === 'mac' ? (frame: Uint8Array) => answerRequest(dialect, frame, mak, () => clock) : (frame: Uint8Array) => frame;
const server = await createFramedServer({ profile: cupFrameProfile, handler, maxConnections: 5_000, idleTimeoutMs: 60_000 });
process.send!({ port: server.port });
process.on('disconnect', () => void server.close({ deadlineMs: 0 }).then(() => process.exit(0)));
