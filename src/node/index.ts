// `pos8583/node`: what needs Node itself — node:crypto as a cipher provider, framed TCP/TLS connections, a
// framed server with safe limits, a request/response client with heartbeat, reconnect and a pool, and the
// host simulator as a TCP server.
export { nodeProvider } from './crypto-provider.js';
export {
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_FRAME_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_QUEUED_FRAMES,
  DEFAULT_CLOSE_DEADLINE_MS,
} from './options.js';
export {
  connectFramed,
  FramedConnection,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_RECEIVE_TIMEOUT_MS,
  type ConnectFramedOptions,
  type FramedConnectionOptions,
  type FramedSocketOptions,
  type SocketTarget,
} from './tcp.js';
export { FramedChannel, type FrameHandler, type FrameAnswer, type AnswerOrder, type FramedChannelSettings } from './framed-channel.js';
export * from './server.js';
export {
  connectClient,
  Iso8583Client,
  DEFAULT_RESPONSE_TIMEOUT_MS,
  DEFAULT_LATE_ANSWER_WINDOW_MS,
  DEFAULT_MAX_PENDING,
  type ClientOptions,
  type ClientLink,
  type SendOptions,
  type UnmatchedInfo,
  type ReconnectOptions,
  type HeartbeatOptions,
  type ClientState,
} from './client.js';
export { defaultMatchKey, type MatchKey } from './matcher.js';
export { createClientPool, ClientPool, type ClientPoolOptions } from './pool.js';
export * from './host-server.js';
export { runCluster, clusterStore, type ClusterOptions, type ClusterPrimary, type ClusterWorker, type Closable } from './cluster.js';
