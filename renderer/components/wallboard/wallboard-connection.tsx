/**
 * The connection, said plainly across the room: LIVE; RECONNECTING since 01:02:03 (attempt 3); OFFLINE. Whenever
 * COSS is not live it also says how old the numbers on the board are, since a TV is read without asking.
 */
import { useConsoleStore } from '../../state/store.ts';
import { useWallboardStore } from '../../state/wallboard-store.ts';
import { LiveAge } from '../app/live-age.tsx';
import { formatClock } from '../common/format.ts';

function DataAge({ syncedAt }: { syncedAt: string | null }) {
  if (syncedAt === null) return <span className="wb-conn-detail">no data from COSS yet</span>;
  return (
    <span className="wb-conn-detail">
      showing cached data as of {formatClock(syncedAt)} (<LiveAge since={syncedAt} /> ago)
    </span>
  );
}

export function WallboardConnection() {
  const connection = useConsoleStore((state) => state.connection);
  const awaySince = useWallboardStore((state) => state.awaySince);
  if (connection === null || connection.status === 'connecting')
    return (
      <div className="wb-conn wb-conn-connecting" data-status="connecting" role="status">
        <strong>Connecting to COSS…</strong>
      </div>
    );
  if (connection.status === 'live')
    return (
      <div className="wb-conn wb-conn-live" data-status="live" role="status">
        <span className="wb-conn-dot" aria-hidden="true" />
        <strong>LIVE</strong>
        {connection.local && <span className="wb-conn-detail">local COSS</span>}
      </div>
    );
  const reconnecting = connection.status === 'reconnecting';
  return (
    <div className={`wb-conn wb-conn-${connection.status}`} data-status={connection.status} role="alert">
      <strong>
        {reconnecting ? 'RECONNECTING' : 'OFFLINE'}
        {awaySince !== null && (
          <>
            {' '}
            since {formatClock(awaySince)} (<LiveAge since={awaySince} />)
          </>
        )}
      </strong>
      <DataAge syncedAt={connection.syncedAt} />
    </div>
  );
}
