/** The console's connection to COSS as the operator sees it. */
import { z } from 'zod';

export const ConnectionStateSchema = z.object({
  /** live: streaming; connecting: first attempt; reconnecting: lost and retrying; offline: given up for now, on cache */
  status: z.enum(['connecting', 'live', 'reconnecting', 'offline']),
  /** reconnect attempt number while reconnecting (1, 2, …), else 0 */
  attempt: z.number().int().min(0),
  /** the COSS this console talks to, and whether it is the embedded local one */
  cossUrl: z.string(),
  /**
   * The deployment's endpoints in order (the first is preferred) and the place of `cossUrl` among them; optional so
   * older hosts still parse. More than one: the console moves between them when one stops answering.
   */
  endpoints: z.array(z.string()).max(8).optional(),
  endpointIndex: z.number().int().min(0).optional(),
  local: z.boolean(),
  /** the last stream seq applied to the cache */
  lastSeq: z.number().int().min(0),
  /** when the cache was last brought up to date by COSS (ISO), null if never */
  syncedAt: z.string().nullable(),
  /** actions waiting in the on-disk outbox for COSS to come back */
  pendingActions: z.number().int().min(0),
  /** the last error, for the banner's detail line */
  lastError: z.string().nullable(),
});
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;
