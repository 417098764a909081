/** What a transform does, in the words of the room's lines: "suppress, where family is … and device is web*". */
import { prodStateName } from '../../shared/prod-state.ts';
import type { Transform, TransformAction, TransformMatch } from '../../shared/transforms.ts';

const clip = (text: string, length = 60) => (text.length > length ? `${text.slice(0, length)}…` : text);

function actionWords(action: TransformAction): string {
  switch (action.type) {
    case 'suppress':
      return 'suppress';
    case 'set-severity':
      return `set severity ${action.severity}`;
    case 'set-summary':
      return `set summary "${clip(action.template)}"`;
    case 'set-event-class':
      return `set event class ${action.eventClass}`;
    case 'attach-notes':
      return 'attach notes';
    case 'auto-page':
      return `page ${action.target} (${action.priority})`;
    case 'post-card':
      return 'post the event in the room';
  }
}

function matchWords(match: TransformMatch): string[] {
  const words: string[] = [];
  if (match.family !== undefined) words.push(`family is ${clip(match.family)}`);
  if (match.device !== undefined) words.push(`device is ${clip(match.device)}`);
  if (match.devices !== undefined) {
    words.push(
      match.devices.length <= 3
        ? `device is one of ${match.devices.map((device) => clip(device, 40)).join(', ')}`
        : `device is one of ${match.devices.length} devices`,
    );
  }
  if (match.component !== undefined) words.push(`component is ${clip(match.component)}`);
  if (match.eventClass !== undefined) words.push(`event class is ${clip(match.eventClass)}`);
  if (match.summary !== undefined) words.push(`summary matches /${clip(match.summary)}/`);
  if (match.severity !== undefined) {
    const { min, max } = match.severity;
    words.push(
      min && max ? `severity ${min} to ${max}` : min ? `severity ${min} or above` : `severity ${max} or below`,
    );
  }
  if (match.labels !== undefined) words.push(`labels ${clip(match.labels)}`);
  if (match.prodStates !== undefined)
    words.push(`production state ${match.prodStates.map(prodStateName).join(' or ')}`);
  return words;
}

/** "suppress, set severity info, where device is web* and severity warning or below" */
export function describeTransform(transform: Pick<Transform, 'match' | 'actions'>): string {
  return `${transform.actions.map(actionWords).join(', ')}, where ${matchWords(transform.match).join(' and ')}`;
}
