/** Action outcomes: done, queued offline, sent straight to PagerDuty, or what failed. */
import { useEffect } from 'react';
import { useConsoleStore } from '../../state/store.ts';
import type { Toast } from '../../state/ui-slice.ts';
import { dismissToast } from '../../state/ui-actions.ts';

const ICON: Readonly<Record<Toast['tone'], string>> = { done: '✓', queued: '‖', direct: '↗', error: '✕', info: 'i' };
const LABEL: Readonly<Record<Toast['tone'], string>> = {
  done: 'Done',
  queued: 'Queued offline',
  direct: 'Sent directly to PagerDuty',
  error: 'Failed',
  info: 'Note',
};

function ToastItem({ toast }: { toast: Toast }) {
  useEffect(() => {
    // Failures stay longer: the operator has to read what to do.
    const timer = setTimeout(() => dismissToast(toast.id), toast.tone === 'error' ? 15_000 : 6_000);
    return () => clearTimeout(timer);
  }, [toast.id, toast.tone]);
  return (
    <li className={`toast toast-${toast.tone}`} data-tone={toast.tone}>
      <span className="toast-icon" aria-hidden="true">
        {ICON[toast.tone]}
      </span>
      <span className="toast-text">
        <strong>{LABEL[toast.tone]}</strong> {toast.message}
      </span>
      <button
        type="button"
        className="toast-close"
        aria-label="Dismiss"
        tabIndex={-1}
        onClick={() => dismissToast(toast.id)}
      >
        ×
      </button>
    </li>
  );
}

export function Toasts() {
  const toasts = useConsoleStore((state) => state.toasts);
  return (
    <ol className="toasts" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </ol>
  );
}
