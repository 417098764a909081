/** The settings form's draft: what it holds, the request it makes, and the checks it says in words. */
import type { KeyboardEvent } from 'react';
import type { NotificationPolicy } from '../../../shared/host/contract.ts';
import type { ConsoleSettings, SettingsChange } from '../../state/settings-actions.ts';

export type Rule = NotificationPolicy['rules'][number];
export type Sound = Rule['sound'];

/** What the form holds; the token is only what the operator typed here, never the stored one. */
export interface Draft {
  cossUrl: string;
  newToken: string;
  removeToken: boolean;
  pagerDutyFallback: boolean;
  notifications: NotificationPolicy;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function draftFrom(settings: ConsoleSettings): Draft {
  return {
    cossUrl: settings.cossUrl,
    newToken: '',
    removeToken: false,
    pagerDutyFallback: settings.pagerDutyFallback,
    notifications: structuredClone(settings.notifications),
  };
}

/** The request for a draft: the token only when one was typed or removal chosen, so saving never touches it by accident. */
export function changeFrom(draft: Draft): SettingsChange {
  const token = draft.removeToken ? '' : draft.newToken.trim() !== '' ? draft.newToken.trim() : undefined;
  return {
    cossUrl: draft.cossUrl.trim(),
    pagerDutyFallback: draft.pagerDutyFallback,
    notifications: draft.notifications,
    ...(token !== undefined ? { token } : {}),
  };
}

/** A check the host would also make, caught here to say it in words rather than as a pattern. */
export function timeProblem(policy: NotificationPolicy): { field: string; message: string } | null {
  if (!TIME.test(policy.quietHours.start))
    return { field: 'settings-quiet-start', message: 'Quiet hours start must be a 24-hour time such as 22:00.' };
  if (!TIME.test(policy.quietHours.end))
    return { field: 'settings-quiet-end', message: 'Quiet hours end must be a 24-hour time such as 07:00.' };
  return null;
}

/** Hints about rules that do not do what they seem to: a duplicate customer, or nobody covered by `*`. */
export function ruleWarnings(rules: readonly Rule[], nameOf: (slug: string) => string): string[] {
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.customer))
      warnings.push(`${nameOf(rule.customer)} has more than one rule; only the first counts.`);
    seen.add(rule.customer);
  }
  if (!seen.has('*'))
    warnings.push('No rule for * (every customer): customers without a rule of their own are never notified.');
  return warnings;
}

/** Enter saves from text fields, checkboxes and selects; buttons keep Enter for themselves. */
export function isSaveKey(event: KeyboardEvent<HTMLFormElement>): boolean {
  if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.nativeEvent.isComposing) return false;
  const target = event.target as HTMLElement;
  return target.tagName !== 'BUTTON' && target.tagName !== 'TEXTAREA' && target.tagName !== 'A';
}
