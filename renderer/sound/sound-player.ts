/**
 * Plays the console's tones (tones.ts) through one AudioContext and one master gain: every sound goes the same
 * way, in Electron and in the web host. The context starts on the first sound; a browser keeps it suspended until
 * the page has had a key press or a click, so the first such gesture resumes it. Until then the status bar says
 * the sound is off (soundBlocked): after a reload at 3 a.m. the first critical would otherwise be silent unnoticed.
 */
import type { Tone } from '../../shared/notification-policy.ts';
import { TONES } from './tones.ts';

let context: AudioContext | null = null;
let master: GainNode | null = null;
const stateListeners = new Set<() => void>();

function output(): { context: AudioContext; master: GainNode } | null {
  if (typeof AudioContext === 'undefined') return null;
  if (context === null || master === null) {
    context = new AudioContext();
    master = context.createGain();
    master.connect(context.destination);
    context.addEventListener('statechange', () => {
      for (const listener of stateListeners) listener();
    });
  }
  return { context, master };
}

/** Whether the browser holds the console's sound until the page has a key press or a click. */
export function soundBlocked(): boolean {
  return output()?.context.state === 'suspended';
}

export function subscribeSoundState(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** Resumes the context on the first gesture, so later sounds play. */
export function unlockSoundOnGesture(target: Window): () => void {
  const unlock = () => {
    const out = output();
    if (out !== null && out.context.state === 'suspended') void out.context.resume();
  };
  target.addEventListener('keydown', unlock, { capture: true });
  target.addEventListener('pointerdown', unlock, { capture: true });
  return () => {
    target.removeEventListener('keydown', unlock, { capture: true });
    target.removeEventListener('pointerdown', unlock, { capture: true });
  };
}

/** Plays `tone` at `volume` (0–1); nothing at 0. */
export function playTone(tone: Tone, volume: number): void {
  if (volume <= 0) return;
  const out = output();
  if (out === null) return;
  const { context: audio, master: gain } = out;
  if (audio.state === 'suspended') void audio.resume();
  const start = audio.currentTime + 0.02;
  for (const note of TONES[tone]) {
    const oscillator = audio.createOscillator();
    const envelope = audio.createGain();
    oscillator.type = note.wave;
    oscillator.frequency.setValueAtTime(note.from, start + note.at);
    if (note.to !== undefined) oscillator.frequency.linearRampToValueAtTime(note.to, start + note.at + note.length);
    const peak = note.level * volume;
    const end = start + note.at + note.length;
    // A 10 ms attack and a release to silence: no click at either edge.
    envelope.gain.setValueAtTime(0, start + note.at);
    envelope.gain.linearRampToValueAtTime(peak, start + note.at + 0.01);
    envelope.gain.setValueAtTime(peak, end - 0.03);
    envelope.gain.linearRampToValueAtTime(0, end);
    oscillator.connect(envelope);
    envelope.connect(gain);
    oscillator.start(start + note.at);
    oscillator.stop(end + 0.01);
  }
}
