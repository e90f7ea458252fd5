import { useEffect, useState } from 'react';

import { formatClock, formatDateLong } from './format.ts';

/** Date and time in Asia/Shanghai whatever the display machine's own zone is. */
export function useClock(): { date: string; time: string } {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(id);
  }, []);
  return { date: formatDateLong(now), time: formatClock(now) };
}
