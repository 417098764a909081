/**
 * How the console reaches COSS, always visible: a quiet "live" chip when all is well, a banner when it is not
 * (reconnecting with the attempt number, or offline with the age of the cached data). LOCAL marks the
 * embedded COSS, so nobody mistakes a laptop's private queue for the NOC's.
 */
import type { ConnectionState } from '../../../shared/host/connection.ts';
import { useConsoleStore } from '../../state/store.ts';
import { LiveAge } from './live-age.tsx';

/** "data from 7s ago": only the age re-renders as it ticks, not the banner or the chip around it. */
function CacheAge({ connection }: { connection: ConnectionState }) {
  if (connection.syncedAt === null) return <>no data synced yet</>;
  return (
    <span className="cache-age">
      data from <LiveAge since={connection.syncedAt} /> ago
    </span>
  );
}

function LocalBadge({ connection }: { connection: ConnectionState }) {
  if (!connection.local) return null;
  return (
    <span className="local-badge" title="The embedded COSS on this machine, not the NOC's shared server">
      LOCAL
    </span>
  );
}

/**
 * Which endpoint of a deployment with several (regions) the console is on, so a failover is never silent: its host,
 * its place in the list, and "not preferred" while away from the first.
 */
function EndpointBadge({ connection }: { connection: ConnectionState }) {
  const endpoints = connection.endpoints ?? [];
  if (endpoints.length < 2) return null;
  const index = connection.endpointIndex ?? 0;
  let host = connection.cossUrl;
  try {
    host = new URL(connection.cossUrl).host;
  } catch {
    // Shown as it is when it does not parse.
  }
  const away = index !== 0;
  return (
    <span
      className={`conn-endpoint ${away ? 'is-away' : ''}`}
      data-endpoint-index={index}
      title={`COSS endpoints in order: ${endpoints.join(', ')}${away ? '. g e moves back to the preferred one' : ''}`}
    >
      {' · '}
      {host} ({index + 1}/{endpoints.length}
      {away ? ', not preferred' : ''})
    </span>
  );
}

/** The status chip in the title bar. */
export function ConnectionChip() {
  const connection = useConsoleStore((state) => state.connection);
  if (connection === null) return <span className="conn-chip conn-connecting">connecting…</span>;
  const label =
    connection.status === 'live'
      ? 'Live'
      : connection.status === 'reconnecting'
        ? `Reconnecting (attempt ${connection.attempt})`
        : connection.status === 'offline'
          ? 'Offline'
          : 'Connecting…';
  return (
    <span className={`conn-chip conn-${connection.status}`} title={connection.cossUrl} data-status={connection.status}>
      <span className="conn-dot" aria-hidden="true" />
      {label}
      <EndpointBadge connection={connection} />
      {connection.status !== 'live' && (
        <span className="dim">
          {' · '}
          <CacheAge connection={connection} />
        </span>
      )}
      <LocalBadge connection={connection} />
    </span>
  );
}

/** The banner across the top when COSS is not live. */
export function ConnectionBanner() {
  const connection = useConsoleStore((state) => state.connection);
  if (connection === null || connection.status === 'live' || connection.status === 'connecting') return null;
  const reconnecting = connection.status === 'reconnecting';
  return (
    <div className={`banner banner-${connection.status}`} role="alert" data-status={connection.status}>
      <span className="banner-icon" aria-hidden="true">
        {reconnecting ? '↻' : '⚠'}
      </span>
      <strong>{reconnecting ? `Reconnecting to COSS (attempt ${connection.attempt})` : 'Offline'}</strong>
      <span>
        Showing cached alerts, <CacheAge connection={connection} />.
        {connection.pendingActions > 0 &&
          ` ${connection.pendingActions} action${connection.pendingActions === 1 ? '' : 's'} queued; they go when COSS is back.`}
      </span>
      {connection.lastError !== null && <span className="banner-detail">{connection.lastError}</span>}
      <LocalBadge connection={connection} />
    </div>
  );
}
