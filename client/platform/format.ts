// The one set of formatters for dates and times as the town reads them: Asia/Shanghai whatever the zone of
// the display machine, 24-hour clock with hours 00–23 (`hourCycle: 'h23'`: never "24:05" after midnight).
export const TIME_ZONE = 'Asia/Shanghai';

const formatter = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, hourCycle: 'h23', ...options });

const DATE_LONG = formatter({ year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
const CLOCK = formatter({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
const HOUR_MINUTE = formatter({ hour: '2-digit', minute: '2-digit' });
const DATE_TIME = formatter({ year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

type When = Date | number | string;
const at = (t: When) => (t instanceof Date ? t : new Date(t));

/** 2026年12月1日星期二 */
export const formatDateLong = (t: When) => DATE_LONG.format(at(t));
/** 09:05:07 */
export const formatClock = (t: When) => CLOCK.format(at(t));
/** 09:05 */
export const formatHourMinute = (t: When) => HOUR_MINUTE.format(at(t));
/** 2026/12/1 09:05:07 */
export const formatDateTime = (t: When) => DATE_TIME.format(at(t));
