/**
 * The wallboard (`?view=wallboard`): the NOC's state for a TV, read from across the room at 1920×1080 or
 * 3840×2160. Read-only by construction: no keybindings are installed, nothing is focusable, the pointer is hidden
 * (wallboard.css), and its host refuses every request but the reads it makes (shared/host/wallboard.ts).
 */
import { useEffect, useState } from 'react';
import { useConsoleStore } from '../../state/store.ts';
import { WallboardConnection } from './wallboard-connection.tsx';
import { WallboardCriticals } from './wallboard-criticals.tsx';
import { WallboardCustomers } from './wallboard-customers.tsx';
import { WallboardHeartbeats } from './wallboard-heartbeats.tsx';
import { WallboardMaintenance } from './wallboard-maintenance.tsx';
import { WallboardOnCall } from './wallboard-oncall.tsx';

/** The wall clock, to the second: a TV's first job is to prove it is not frozen. */
function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time className="wb-clock" dateTime={now.toISOString()}>
      {now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })}
    </time>
  );
}

export function Wallboard() {
  const ready = useConsoleStore((state) => state.ready);
  const startError = useConsoleStore((state) => state.startError);
  useEffect(() => {
    // Type scales with the viewport from the root (wallboard.css), so every rem on the board scales with it.
    document.documentElement.classList.add('wallboard-mode');
    return () => document.documentElement.classList.remove('wallboard-mode');
  }, []);
  return (
    <div className="wallboard" data-ready={ready}>
      <header className="wb-header">
        <h1>COSS NOC</h1>
        <WallboardConnection />
        <Clock />
      </header>
      {startError !== null ? (
        <p className="wb-fatal" role="alert">
          The wallboard could not start: {startError}
        </p>
      ) : (
        <div className="wb-body">
          <div className="wb-main">
            <WallboardCustomers />
            <WallboardCriticals />
          </div>
          <div className="wb-side">
            <WallboardOnCall />
            <WallboardHeartbeats />
            <WallboardMaintenance />
          </div>
        </div>
      )}
    </div>
  );
}
