/** A transform in words, for the list: what it matches and what it does. */
import type { Transform, TransformAction } from '../../../shared/transforms.ts';

export function matchText(transform: Pick<Transform, 'match'>): string {
  return Object.entries(transform.match)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

function actionText(action: TransformAction): string {
  switch (action.type) {
    case 'suppress':
      return 'suppress';
    case 'set-severity':
      return `severity → ${action.severity}`;
    case 'set-summary':
      return `summary → ${action.template}`;
    case 'set-event-class':
      return `event class → ${action.eventClass}`;
    case 'attach-notes':
      return 'attach notes';
    case 'auto-page':
      return `auto-page ${action.target} (${action.priority})`;
    case 'post-card':
      return 'post the card';
  }
}

export function actionsText(transform: Pick<Transform, 'actions'>): string {
  return transform.actions.map(actionText).join(' · ');
}
