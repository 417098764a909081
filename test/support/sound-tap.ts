/**
 * Hearing what a page plays, for browser tests: an init script taps every node the page connects to an
 * AudioContext's destination with an AnalyserNode and records the output's RMS every 25 ms (`window.soundLevels`),
 * and records each browser Notification constructed (`window.notified`). A sound is a rise out of silence.
 */
import type { Page } from 'playwright-core';

/**
 * Installed before the console's scripts (plain JavaScript: it runs in the page): the audio tap and the Notification
 * recorder. The recorder subclasses the real constructor, so the console's call still reaches the browser's API.
 */
export const OBSERVE_SOUND_AND_NOTIFICATIONS = `
  window.soundLevels = [];
  window.notified = [];
  const connect = AudioNode.prototype.connect;
  const tapped = new WeakSet();
  AudioNode.prototype.connect = function (...args) {
    const result = connect.apply(this, args);
    if (args[0] instanceof AudioDestinationNode && !tapped.has(this)) {
      tapped.add(this);
      const analyser = this.context.createAnalyser();
      analyser.fftSize = 1024;
      connect.call(this, analyser);
      const samples = new Float32Array(analyser.fftSize);
      setInterval(() => {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const sample of samples) sum += sample * sample;
        window.soundLevels.push([Date.now(), Math.sqrt(sum / samples.length)]);
      }, 25);
    }
    return result;
  };
  const Real = window.Notification;
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      window.notified.push({ title, body: (options && options.body) || '', instance: this });
    }
  };
`;

/** When each sound began (epoch ms): a level above 0.02 after at least 400 ms below 0.005. */
export async function soundStarts(page: Page): Promise<number[]> {
  const levels = await page.evaluate<Array<[number, number]>>('window.soundLevels');
  const starts: number[] = [];
  let quietSince: number | null = levels[0]?.[0] ?? null;
  for (const [at, level] of levels) {
    if (level > 0.02) {
      if (quietSince !== null && at - quietSince >= 400) starts.push(at);
      quietSince = null;
    } else if (level < 0.005) quietSince ??= at;
  }
  return starts;
}

/** The last time the tap recorded a level: it is listening as long as this keeps moving. */
export function lastLevelAt(page: Page): Promise<number> {
  return page.evaluate<number>('window.soundLevels.at(-1)?.[0] ?? 0');
}
