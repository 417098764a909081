/**
 * Code that runs inside Chromium, kept as plain JavaScript strings: functions compiled by tsx would carry its
 * helpers (e.g. `__name`) into page.evaluate and fail there. Every time is performance.now() in the page, so
 * event.timeStamp (when Chromium received the input) and paint times share one clock.
 *
 * "Painted" means: the first requestAnimationFrame after the DOM showed the change, plus a MessageChannel hop,
 * which runs once that frame's style, layout and paint work on the main thread is done.
 */

/** Frame deltas (rAF) and long tasks (PerformanceObserver) while recording. Installed once per page. */
export const FRAME_PROBE = `(() => {
  if (window.__frames) return;
  const probe = window.__frames = { recording: false, last: 0, deltas: [], longtasks: [] };
  const loop = (t) => {
    if (probe.recording) { if (probe.last !== 0) probe.deltas.push(t - probe.last); probe.last = t; }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  new PerformanceObserver((list) => {
    if (!probe.recording) return;
    for (const entry of list.getEntries()) probe.longtasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask' });
  probe.start = () => { probe.deltas = []; probe.longtasks = []; probe.last = 0; probe.recording = true; };
  probe.stop = () => { probe.recording = false; return { deltas: probe.deltas, longtasks: probe.longtasks }; };
})()`;

/** Where the queue is: the cursor row's position and the list's scrollTop. */
export const QUEUE_POSITION = `(() => ({
  cursor: Number(document.querySelector('.arow.is-cursor')?.getAttribute('aria-posinset') ?? 0),
  scrollTop: document.querySelector('#alert-list')?.scrollTop ?? 0,
  rows: document.querySelectorAll('.arow').length,
}))()`;

/**
 * The stream under load: alerts.changed batches emitted by the fake host at `rate` upserts/s for `seconds`.
 * Each batch is stamped with its scheduled time (so time spent waiting behind a busy main thread counts, as it
 * would for a WebSocket message that has arrived). Every batch also bumps a probe alert that always sorts first
 * (critical, lastSeen in 2999) to count = batch id + 1; a frame that shows ×(k+1) on the probe row has painted
 * every batch up to k, because batches apply to the store in order.
 *
 * Which frame showed it (`probe`):
 * - 'before-paint' (the default): the probe row is read in a ResizeObserver callback, which the browser runs in
 *   each frame after every animation-frame callback and layout, just before paint, so it sees exactly what that
 *   frame paints. A 1 px element changes width every frame so the observer fires in each one.
 * - 'next-frame' (the method of the first runs): the probe row is read in the page's own requestAnimationFrame
 *   callback. Its callback runs before one that the app requested later in the same frame, so a change the app
 *   makes in its frame callback is seen one frame late: up to one frame (16.7 ms) too much.
 * Either way the time is taken after that frame's paint, through a MessageChannel hop.
 */
export function streamLoadScript(options: {
  rate: number;
  batchSize: number;
  seconds: number;
  newFraction: number;
  probe?: 'before-paint' | 'next-frame';
}): string {
  return `(async (options) => {
  const fake = window.cossFake;
  // The all-customers queue: every customer's alerts, each batch's upserts sent per customer as the core does.
  // Prepared beforehand (STREAM_PREPARE) so that the garbage of listing 100,000 alerts is collected before the clock
  // starts; listed here only when nothing was prepared.
  const pool = window.__streamPool ?? (await fake.invoke('alerts.list', { customer: '*' })).value.filter((alert) => alert.status !== 'resolved');
  window.__streamPool = undefined;
  const PROBE = 9000000;
  let nextNew = 8000000;
  const probe = { ...pool.find((alert) => alert.customer === 'acme'), id: PROBE, number: PROBE, severity: 'critical', status: 'open', device: 'probe.bench', summary: 'benchmark probe row', lastSeen: '2999-01-01T00:00:00.000Z', acknowledgedBy: null };
  const interval = 1000 * options.batchSize / options.rate;
  const total = Math.round(options.seconds * options.rate / options.batchSize);
  const scheduled = new Array(total + 1);
  const painted = new Array(total + 1);
  const deltas = [];
  const longtasks = [];
  let emitted = 0;
  let paintedUpTo = 0;
  let pendingMark = 0;
  let running = true;
  const observer = new PerformanceObserver((list) => { for (const entry of list.getEntries()) longtasks.push({ start: entry.startTime, duration: entry.duration }); });
  observer.observe({ type: 'longtask' });
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    const now = performance.now();
    for (let id = paintedUpTo + 1; id <= pendingMark; id++) painted[id] = now;
    if (pendingMark > paintedUpTo) paintedUpTo = pendingMark;
  };
  const look = () => {
    const cell = document.querySelector('#alert-row-' + PROBE + ' .c-count');
    const shown = cell ? Number((cell.textContent || '').replace(/[^0-9]/g, '')) - 1 : 0;
    if (shown > paintedUpTo && shown > pendingMark) { pendingMark = shown; channel.port2.postMessage(0); }
  };
  const beforePaint = (options.probe ?? 'before-paint') === 'before-paint';
  const ticker = document.createElement('div');
  ticker.style.cssText = 'position:fixed;left:0;top:0;height:1px;width:1px;pointer-events:none;opacity:0';
  document.body.appendChild(ticker);
  const resize = new ResizeObserver(() => { if (beforePaint && running) look(); });
  resize.observe(ticker);
  let lastFrame = 0;
  let tick = 0;
  const frame = (t) => {
    if (lastFrame !== 0) deltas.push(t - lastFrame);
    lastFrame = t;
    if (beforePaint) ticker.style.width = (1 + (tick++ % 2)) + 'px';
    else look();
    if (running) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const emitBatch = (id) => {
    const now = new Date().toISOString();
    const alerts = [{ ...probe, count: id + 1, updatedAt: now }];
    for (let i = 1; i < options.batchSize; i++) {
      const k = Math.floor(Math.random() * pool.length);
      const base = pool[k];
      if (Math.random() < options.newFraction) {
        const number = nextNew++;
        alerts.push({ ...base, id: number, number, count: 1, firstSeen: now, lastSeen: now, updatedAt: now, status: 'open' });
      } else {
        const next = { ...base, count: base.count + 1, lastSeen: now, updatedAt: now };
        pool[k] = next;
        alerts.push(next);
      }
    }
    const byCustomer = new Map();
    for (const alert of alerts) {
      const list = byCustomer.get(alert.customer);
      if (list === undefined) byCustomer.set(alert.customer, [alert]);
      else list.push(alert);
    }
    for (const [customer, changed] of byCustomer) fake.emit('alerts.changed', { customer, alerts: changed, removed: [] });
  };
  const started = performance.now() + 50;
  // One batch per task, as WebSocket messages arrive: when the page falls behind, the due batches wait in the task
  // queue (each one its own task, so frames may run between them) and their wait counts in their latency.
  await new Promise((resolve) => {
    const next = new MessageChannel();
    const tick = () => {
      if (emitted < total && started + emitted * interval <= performance.now()) {
        scheduled[emitted + 1] = started + emitted * interval;
        emitted++;
        emitBatch(emitted);
      }
      if (emitted >= total) return resolve();
      const wait = started + emitted * interval - performance.now();
      if (wait <= 0) next.port2.postMessage(0);
      else setTimeout(tick, wait);
    };
    next.port1.onmessage = tick;
    setTimeout(tick, 50);
  });
  const emitEnd = performance.now();
  // Let the last batches paint.
  const deadline = performance.now() + 3000;
  while (paintedUpTo < total && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  running = false;
  observer.disconnect();
  resize.disconnect();
  ticker.remove();
  const latencies = [];
  let unpainted = 0;
  for (let id = 1; id <= total; id++) {
    if (painted[id] === undefined) unpainted++;
    else latencies.push(painted[id] - scheduled[id]);
  }
  return {
    batches: total,
    upserts: total * options.batchSize,
    emitSeconds: (emitEnd - started) / 1000,
    latencies,
    unpainted,
    deltas,
    longtasks,
    rowCount: Number(document.querySelector('#alert-list')?.getAttribute('data-row-count') ?? 0),
  };
})(${JSON.stringify(options)})`;
}

/**
 * The stream's pool of alerts to upsert, listed from the fake host ahead of the run. Listing 100,000 alerts clones
 * them (as a transport would), ~100 MB of garbage: the caller collects it before starting the stream, so that the
 * stream's figures are the console's and not the harness's own clean-up.
 */
export const STREAM_PREPARE = `(async () => {
  const listed = await window.cossFake.invoke('alerts.list', { customer: '*' });
  window.__streamPool = listed.value.filter((alert) => alert.status !== 'resolved');
  return window.__streamPool.length;
})()`;

/**
 * Real stack, keystroke → COSS's acknowledgement on screen. Installed before the page loads: records when frames
 * from the web host arrive (the action's response, the alerts.changed naming the alert) and when `a` was pressed.
 * `__armAck(number)` then resolves once the row shows acknowledged with no pending marker, and that is painted.
 */
export const ACK_PROBE_INIT = `(() => {
  const state = window.__ack = { armed: false, number: 0, keyAt: null, responseAt: null, eventAt: null };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (!state.armed || typeof event.data !== 'string') return;
        if (state.responseAt === null && state.keyAt !== null && event.data.startsWith('{"type":"response"') && event.data.includes('idempotencyKey')) state.responseAt = performance.now();
        if (state.eventAt === null && event.data.includes('"alerts.changed"') && event.data.includes('"number":' + state.number + ',')) state.eventAt = performance.now();
      });
    }
  };
  window.addEventListener('keydown', (event) => {
    if (state.armed && event.key === 'a' && state.keyAt === null) state.keyAt = event.timeStamp;
  }, true);
  window.__armAck = (number) => {
    Object.assign(state, { armed: true, number, keyAt: null, responseAt: null, eventAt: null });
    window.__ackDone = new Promise((resolve) => {
      const check = () => {
        const row = document.getElementById('alert-row-' + number);
        if (row === null || row.getAttribute('data-status') !== 'acknowledged') return null;
        const text = row.querySelector('.c-status')?.textContent ?? '';
        return /queued|sent PD|pending/.test(text) ? null : text;
      };
      const observer = new MutationObserver(() => {
        const text = check();
        if (text === null) return;
        observer.disconnect();
        const domAt = performance.now();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            state.armed = false;
            resolve({ number, keyAt: state.keyAt, responseAt: state.responseAt, eventAt: state.eventAt, domAt, paintAt: performance.now(), text });
          };
          channel.port2.postMessage(0);
        });
      });
      observer.observe(document.querySelector('.queue'), { subtree: true, attributes: true, characterData: true, childList: true });
    });
    return true;
  };
})()`;

/**
 * Start-up from cache: when the first queue row is painted, and when the first `j` that moved the cursor (i.e. the
 * first one pressed once rows existed) is painted. Times are from navigation start (performance.timeOrigin).
 */
export const STARTUP_PROBE_INIT = `(() => {
  const state = window.__startup = { rowsAt: null, rowsCount: 0, keyAt: null, keyPaintAt: null, keysBeforeRows: 0, longtasks: [] };
  try {
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) state.longtasks.push({ start: entry.startTime, duration: entry.duration }); }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const afterPaint = (callback) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => callback(performance.now());
    channel.port2.postMessage(0);
  });
  let lastKeyAt = null;
  let rowsSeen = false;
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'j') return;
    lastKeyAt = event.timeStamp;
    if (!rowsSeen) state.keysBeforeRows++;
  }, true);
  const observer = new MutationObserver(() => {
    if (!rowsSeen && document.querySelector('.arow') !== null) {
      rowsSeen = true;
      state.rowsCount = Number(document.querySelector('#alert-list')?.getAttribute('data-row-count') ?? 0);
      afterPaint((t) => { state.rowsAt = t; });
    }
    if (rowsSeen && state.keyAt === null && document.querySelector('.arow.is-cursor')?.getAttribute('aria-posinset') === '2') {
      state.keyAt = lastKeyAt;
      afterPaint((t) => { state.keyPaintAt = t; observer.disconnect(); });
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
})()`;
