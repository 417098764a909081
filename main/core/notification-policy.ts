/**
 * The notification policy is `shared/notification-policy.ts`, one module for the core and the renderer (which
 * decides a critical's repeats and reminders and shows the web host's notifications); the core's files name it here.
 */
export { DEFAULT_NOTIFICATION_POLICY } from '../../shared/notification-policy.ts';
export type { NotifyEvent } from '../../shared/notification-policy.ts';
