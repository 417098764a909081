/** A modal frame: labelled, focus kept inside while open. Esc reaches the global "back" and closes it. */
import { useEffect, useRef, type ReactNode } from 'react';
import { closeOverlay } from '../../state/ui-actions.ts';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: string;
  className?: string;
  children: ReactNode;
  /** 'alertdialog' for a confirmation that interrupts */
  role?: 'dialog' | 'alertdialog';
}

export function Dialog({ title, className, children, role = 'dialog' }: DialogProps) {
  const box = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const autofocus =
      element.querySelector<HTMLElement>('[data-autofocus]') ?? element.querySelector<HTMLElement>(FOCUSABLE);
    autofocus?.focus();
  }, []);

  return (
    <div
      className="scrim"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) closeOverlay();
      }}
    >
      <div
        ref={box}
        className={`dialog ${className ?? ''}`}
        role={role}
        aria-modal="true"
        aria-label={title}
        onKeyDown={(event) => {
          if (event.key !== 'Tab') return;
          // Keep Tab inside the dialog: the queue behind it must not take keys meant for the dialog.
          const items = [...(box.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
          const first = items[0];
          const last = items[items.length - 1];
          if (first === undefined || last === undefined) return;
          if (event.shiftKey && document.activeElement === first) {
            last.focus();
            event.preventDefault();
          } else if (!event.shiftKey && document.activeElement === last) {
            first.focus();
            event.preventDefault();
          }
        }}
      >
        <h2 className="dialog-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
