/** Public entry point of the Zendesk simulator; tests import from here. */
export { startZendeskSimulator, type ZendeskSimulator, type WebhookTarget } from './simulator.ts';
export { DEFAULT_TOKEN, DEFAULT_USER_IDS } from './state.ts';
export { zendeskSignature } from './webhooks.ts';
export type * from './types.ts';
