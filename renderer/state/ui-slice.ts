/** Overlays, toasts and focus requests: what sits on top of the queue. */
import type { ScopeDraft } from './maintenance-form.ts';

export type BulkAction = 'acknowledge' | 'resolve';

export type Overlay =
  | { kind: 'palette' }
  | { kind: 'cheat-sheet' }
  | { kind: 'page'; number: number | null }
  | { kind: 'note'; number: number }
  | { kind: 'reassign'; number: number }
  /** `z`: a Zendesk ticket about alert `number` */
  | { kind: 'ticket'; number: number }
  | { kind: 'reopen'; number: number | null }
  | { kind: 'bulk'; action: BulkAction; numbers: readonly number[] }
  | { kind: 'settings' }
  /** `m`: a maintenance window for `customer`, its scope started from the cursor's alert or group */
  | { kind: 'maintenance'; customer: string; seed: Partial<ScopeDraft> }
  /** `g m`: the customer's maintenance windows, to extend or end one */
  | { kind: 'maintenance-list'; customer: string }
  /** `g h`: the customer's heartbeats and their states */
  | { kind: 'heartbeats'; customer: string }
  /** `g N`: the customer's noisiest event families and the week-by-week trend */
  | { kind: 'noise'; customer: string }
  /** `g T`: the customer's triage session, one family at a time */
  | { kind: 'triage'; customer: string }
  /** `t`: a transform made from alert `number` */
  | { kind: 'transform-editor'; customer: string; number: number }
  /** `g t`: the customer's transforms */
  | { kind: 'transforms'; customer: string }
  | { kind: 'notes-search' };

export type ToastTone = 'done' | 'queued' | 'direct' | 'error' | 'info';

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

/** A place that should take keyboard focus; `serial` makes a repeated request distinct. */
export interface FocusRequest {
  target: 'queue' | 'search' | 'room';
  serial: number;
}

export interface UiSlice {
  overlay: Overlay | null;
  toasts: readonly Toast[];
  focusRequest: FocusRequest;
}

export function initialUi(): UiSlice {
  return { overlay: null, toasts: [], focusRequest: { target: 'queue', serial: 0 } };
}
