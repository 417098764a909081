/**
 * The console's end of `GET /api/v1/stream`: connects with `since=<last applied seq>`, applies events in order,
 * and after any disconnect reconnects with capped exponential backoff and full jitter, resuming by seq so no
 * event is lost or applied twice. Silence longer than the heartbeat timeout counts as a disconnect.
 */
import WebSocket from 'ws';
import { STREAM_CLOSE, StreamServerMessageSchema, type StreamEvent } from '../../shared/stream.ts';
import { backoffDelayMs, type BackoffPolicy } from '../../shared/backoff.ts';
import { systemClock, type Clock, type TimerHandle } from './clock.ts';
import { wsText } from './ws-text.ts';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface StreamState {
  status: StreamStatus;
  /** reconnect attempt while reconnecting (1, 2, …), else 0 */
  attempt: number;
  lastSeq: number;
  lastError: string | null;
}

/** The small part of a WebSocket this module uses; `ws` provides it, tests may wrap it. */
export type WebSocketFactory = (url: string, headers: Record<string, string>) => WebSocket;

export const defaultWebSocketFactory: WebSocketFactory = (url, headers) =>
  new WebSocket(url, { headers, handshakeTimeout: 10_000 });

/** The console's reconnect timing unless the host tunes it: half a second at first, half a minute at most. */
export const DEFAULT_RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

export interface StreamConnectionOptions {
  baseUrl: string;
  token: string;
  /** seq of the last event already applied (from the cache); the stream resumes after it */
  lastSeq: number;
  /** applies one event; called in seq order, never twice for one seq */
  onEvent: (event: StreamEvent) => void;
  onState: (state: StreamState) => void;
  /** the first `hello` after each (re)connect; `caughtUp` when replay reached the head */
  onLive?: () => void;
  /**
   * COSS's log ends before `lastSeq` (4009: its database was reset or replaced), so what was applied belongs to
   * another history and resuming cannot work. The stream stops; the owner reloads a snapshot and starts a new one.
   */
  onResyncNeeded: (reason: string) => void;
  createSocket?: WebSocketFactory;
  clock?: Clock;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** no message (heartbeats come every 15 s) for this long means the link is dead */
  heartbeatTimeoutMs?: number;
  /** after this many failed attempts the state says offline (retries continue at the maximum delay) */
  offlineAfterAttempts?: number;
  /**
   * Failed attempts already made on another endpoint of the same deployment, so the backoff keeps growing across
   * endpoints instead of starting over at each (a deployment that is down everywhere is not hammered).
   */
  priorFailures?: number;
  /** each failed attempt, after the state says so; the owner may stop this connection to try another endpoint */
  onFailure?: () => void;
}

/** Reads the seq from a 4008 close reason such as `slow consumer; resume with since=1234`. */
export function resumeSeqFromReason(reason: string): number | null {
  const match = /since=(\d+)/.exec(reason);
  return match ? Number(match[1]) : null;
}

export class StreamConnection {
  private socket: WebSocket | undefined;
  private state: StreamState;
  private failures = 0;
  private stopped = true;
  private retryTimer: TimerHandle | undefined;
  /** where the next connection asks to start when that is earlier than what was applied (after a 4008) */
  private resumeFrom: number | null = null;
  private silenceTimer: TimerHandle | undefined;
  private readonly clock: Clock;
  private readonly backoff: BackoffPolicy;
  private readonly heartbeatTimeoutMs: number;
  private readonly offlineAfterAttempts: number;

  constructor(private readonly options: StreamConnectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.backoff = options.backoff ?? DEFAULT_RECONNECT_BACKOFF;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 45_000;
    this.offlineAfterAttempts = options.offlineAfterAttempts ?? 6;
    this.failures = options.priorFailures ?? 0;
    this.state = { status: 'connecting', attempt: 0, lastSeq: options.lastSeq, lastError: null };
  }

  get current(): StreamState {
    return { ...this.state };
  }

  /** failed attempts in a row (priorFailures included); 0 once live */
  get failureCount(): number {
    return this.failures;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setState({ status: this.failures === 0 ? 'connecting' : 'reconnecting' });
    this.open();
  }

  /** Closes the socket and stops reconnecting. */
  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.retryTimer);
    this.clock.clearTimeout(this.silenceTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
    }
  }

  /** Drops the current socket as if the network had failed (used by tests and by "reconnect now"). */
  cut(): void {
    this.socket?.terminate();
  }

  /** Skips the backoff wait: try now (e.g. the OS says the network is back). */
  retryNow(): void {
    if (this.stopped || this.socket) return;
    this.clock.clearTimeout(this.retryTimer);
    this.open();
  }

  private setState(patch: Partial<StreamState>): void {
    this.state = { ...this.state, ...patch };
    this.options.onState({ ...this.state });
  }

  private open(): void {
    const url = new URL('/api/v1/stream', this.options.baseUrl.replace(/^http/, 'ws'));
    url.searchParams.set('since', String(Math.min(this.resumeFrom ?? this.state.lastSeq, this.state.lastSeq)));
    this.resumeFrom = null;
    const socket = (this.options.createSocket ?? defaultWebSocketFactory)(url.toString(), {
      authorization: `Bearer ${this.options.token}`,
    });
    this.socket = socket;
    let refusedStatus: number | null = null;
    let lastError: string | null = null;

    socket.on('unexpected-response', (_request, response) => {
      refusedStatus = response.statusCode ?? 0;
      lastError = `COSS refused the stream (HTTP ${refusedStatus})`;
      socket.terminate();
    });
    socket.on('error', (error) => {
      // After a refusal, terminate() reports an error of its own; the refusal is the news.
      if (refusedStatus === null) lastError = `stream: ${error.message}`;
    });
    socket.on('open', () => this.armSilenceTimer());
    socket.on('message', (data) => {
      this.armSilenceTimer();
      this.handleMessage(wsText(data));
    });
    socket.on('close', (code, reasonBuffer) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.clock.clearTimeout(this.silenceTimer);
      const reason = String(reasonBuffer);
      if (code === STREAM_CLOSE.slowConsumer) {
        // The server names the seq to resume from; asking from there is safe because events at or below what was
        // already applied are skipped, so nothing is applied twice and nothing it had queued is lost.
        this.resumeFrom = resumeSeqFromReason(reason);
        lastError = 'the stream fell behind (slow consumer); resuming by seq';
      } else if (code === STREAM_CLOSE.goingAway) {
        lastError = 'COSS is restarting; resuming by seq';
      } else if (code !== 1000 && code !== 1005 && reason !== '') {
        lastError = `stream closed (${code}: ${reason})`;
      }
      if (this.stopped) return;
      if (code === STREAM_CLOSE.sinceAheadOfLog) {
        // Retrying with the same seq would be refused forever; only a fresh snapshot helps.
        this.stopped = true;
        this.setState({
          status: 'reconnecting',
          attempt: 0,
          lastError:
            'COSS’s event log is behind this console (its database was reset or replaced); reloading from COSS',
        });
        this.options.onResyncNeeded(reason);
        return;
      }
      const unauthorized = code === STREAM_CLOSE.unauthorized || refusedStatus === 401 || refusedStatus === 403;
      if (unauthorized) {
        // A revoked or wrong token does not heal by retrying; the operator must change Settings.
        this.setState({
          status: 'offline',
          attempt: 0,
          lastError: `${lastError ?? 'unauthorized'}: check the COSS token in Settings`,
        });
        return;
      }
      this.scheduleReconnect(lastError ?? `stream closed (${code})`);
    });
  }

  private handleMessage(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = StreamServerMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'hello') {
      this.failures = 0;
      this.setState({ status: 'live', attempt: 0, lastError: null });
      this.options.onLive?.();
      return;
    }
    if (message.type !== 'event') return;
    // Replays overlap after a 4008 resume: anything at or below what we applied is already in the cache.
    if (message.seq <= this.state.lastSeq) return;
    this.options.onEvent(message);
    this.state.lastSeq = message.seq;
  }

  private armSilenceTimer(): void {
    this.clock.clearTimeout(this.silenceTimer);
    const socket = this.socket;
    this.silenceTimer = this.clock.setTimeout(() => {
      if (this.socket !== socket || !socket) return;
      // No heartbeat: the TCP connection may look open for minutes after the network is gone.
      socket.emit('error', new Error(`no message from COSS for ${Math.round(this.heartbeatTimeoutMs / 1000)} s`));
      socket.terminate();
    }, this.heartbeatTimeoutMs);
  }

  private scheduleReconnect(reason: string): void {
    this.failures += 1;
    const offline = this.failures >= this.offlineAfterAttempts;
    this.setState(
      offline
        ? { status: 'offline', attempt: 0, lastError: reason }
        : { status: 'reconnecting', attempt: this.failures, lastError: reason },
    );
    this.options.onFailure?.();
    if (this.stopped) return;
    const delay = backoffDelayMs(this.failures, this.backoff, this.options.random);
    this.retryTimer = this.clock.setTimeout(() => {
      if (!this.stopped && !this.socket) this.open();
    }, delay);
  }
}
