/** What the request handlers work with: the collaborators the composition (console-core.ts) builds. */
import type { Alert } from '../../../shared/alert.ts';
import type { ConnectionState } from '../../../shared/host/connection.ts';
import type { AlertView, CustomerSummary } from '../../../shared/host/contract.ts';
import type { ConsoleCache } from '../cache.ts';
import type { Clock } from '../clock.ts';
import type { ConnectionEvents } from '../connection-events.ts';
import type { ConsoleActions, CossSession } from '../console-actions.ts';
import type { DirectPagerDuty } from '../direct-pagerduty.ts';
import type { QueueViews } from '../queue-views.ts';
import type { UndoWindow } from '../undo-window.ts';

export interface HandlerContext {
  cache: ConsoleCache;
  clock: Clock;
  session: CossSession;
  actions: ConsoleActions;
  direct: DirectPagerDuty;
  undoWindow: UndoWindow;
  connection: ConnectionEvents;
  queues: QueueViews;
  view: (alert: Alert) => AlertView;
  connectionState: () => ConnectionState;
  customerSummaries: () => CustomerSummary[];
}
