/** Severity as letter + shape + colour, so it reads without colour vision and in peripheral vision. */
import type { Severity } from '../../../shared/alert.ts';

const LETTER: Readonly<Record<Severity, string>> = {
  critical: 'C',
  error: 'E',
  warning: 'W',
  info: 'I',
  debug: 'D',
  clear: '✓',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`sev sev-${severity}`} title={severity} aria-label={`severity ${severity}`}>
      {LETTER[severity]}
    </span>
  );
}
