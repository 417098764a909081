/**
 * The console's own sounds, synthesised here (no recorded or borrowed audio): each tone is a few notes of an
 * oscillator under a short attack/release envelope. They differ in pitch, rhythm and timbre so an operator knows
 * which it is without looking: a new critical is a high, urgent triple; an error a single falling pair; a re-trigger
 * a rising sweep; PagerDuty's answer a soft two-note chime; a missed heartbeat two low, slow beats.
 */
import type { Tone } from '../../shared/notification-policy.ts';

export interface Note {
  /** seconds from the tone's start */
  at: number;
  /** seconds */
  length: number;
  /** Hz at the start, and at the end when it glides */
  from: number;
  to?: number;
  wave: OscillatorType;
  /** 0–1 of the tone's volume */
  level: number;
}

const triple = (at: number): Note[] =>
  [0, 0.14, 0.28].map((offset) => ({ at: at + offset, length: 0.11, from: 1244, wave: 'square', level: 0.55 }));

export const TONES: Readonly<Record<Tone, readonly Note[]>> = {
  critical: [...triple(0), ...triple(0.55)],
  error: [
    { at: 0, length: 0.18, from: 880, wave: 'triangle', level: 0.9 },
    { at: 0.22, length: 0.26, from: 660, wave: 'triangle', level: 0.9 },
  ],
  retrigger: [
    { at: 0, length: 0.35, from: 440, to: 1320, wave: 'sawtooth', level: 0.45 },
    { at: 0.45, length: 0.35, from: 440, to: 1320, wave: 'sawtooth', level: 0.45 },
  ],
  pagerduty: [
    { at: 0, length: 0.3, from: 1047, wave: 'sine', level: 0.9 },
    { at: 0.18, length: 0.5, from: 1568, wave: 'sine', level: 0.7 },
  ],
  heartbeat: [
    { at: 0, length: 0.22, from: 196, wave: 'sine', level: 1 },
    { at: 0.5, length: 0.22, from: 196, wave: 'sine', level: 1 },
  ],
};
