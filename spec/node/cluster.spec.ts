import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex.js';
import { unframeMessage } from '../../src/frame/frame.js';
import { cupFrameProfile } from '../../src/frame/profile.js';
import { cupDialect } from '../../src/message/builtin-dialects.js';
import { reverseThroughCluster, startClusterHost, type ClusterHost } from '../host/support.js';

let running: ClusterHost | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('an acquirer host on two cluster workers sharing the primary store', () => {
  it('answers a reversal repeated on either worker, one after another and at once, with the same bytes, and undoes its sale once', async () => {
    running = await startClusterHost('cluster');
    expect(running.workers.length).toBe(2);
    const { answers, stan } = await reverseThroughCluster(running.port, 8);
    expect(new Set(answers.map((a) => toHex(a))).size).toBe(1);
    expect(cupDialect().decode(unframeMessage(cupFrameProfile, answers[0]!).body).get('39')).toBe('00');
    const reversals = running.events.filter((e) => e.event === 'answered' && e.kind === 'reversal');
    expect(new Set(reversals.map((e) => e.pid))).toEqual(new Set(running.workers));
    expect(reversals.filter((e) => !e.repeated).length).toBe(1);
    expect(running.events.filter((e) => e.event === 'undo')).toEqual([{ pid: expect.any(Number), event: 'undo', stan }]);
  });
});
