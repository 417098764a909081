/**
 * "45s", "12m", "3h05m": an age that keeps itself current. Each instance owns one timer, set for the moment its text
 * changes (every second under a minute, then every minute, then hourly), so only this text re-renders. The shared
 * `useNow` clock ticks every ten seconds for the whole window, which is too coarse for "data from 7s ago".
 */
import { useEffect, useState } from 'react';
import { msUntilAgeChanges } from './age-ticks.ts';
import { formatAge } from '../common/format.ts';

export function LiveAge({ since }: { since: string }) {
  const [, setTick] = useState(0);
  // Read at render: whatever caused this render (a tick, new data), the text is measured from the real clock.
  // eslint-disable-next-line react-hooks/purity -- an age is impure by nature; its timer re-renders it on time
  const now = Date.now();
  useEffect(() => {
    const timer = setTimeout(() => setTick((tick) => tick + 1), msUntilAgeChanges(since, now));
    return () => clearTimeout(timer);
  });
  return <>{formatAge(since, now)}</>;
}
