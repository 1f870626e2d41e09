/**
 * Times for people are Beijing time (UTC+8) whatever the browser's zone: the API speaks ISO UTC, the console shows
 * `YYYY-MM-DD HH:mm` at UTC+8, and how long ago something happened.
 */
const OFFSET_MS = 8 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-03 23:51` (Beijing time), or the date only; `—` for nothing, the text itself when it is not a time. */
export function beijingTime(iso: string | null | undefined, dateOnly = false): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const at = new Date(time + OFFSET_MS);
  const day = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  return dateOnly ? day : `${day} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

/** How long ago (or, for a time ahead, how soon): 刚刚, 5 分钟前, 3 小时前, 2 天前, 3 天后; the date beyond 30 days. */
export function relativeTime(iso: string | null | undefined, locale: 'zh-CN' | 'en', now: number = Date.now()): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const diff = now - time;
  const ahead = diff < 0;
  const minutes = Math.floor(Math.abs(diff) / 60_000);
  const zh = locale === 'zh-CN';
  if (minutes < 1) return zh ? '刚刚' : 'just now';
  const [n, unitZh, unitEn] = minutes < 60 ? [minutes, '分钟', 'min'] : minutes < 24 * 60 ? [Math.floor(minutes / 60), '小时', 'h'] : [Math.floor(minutes / 1440), '天', 'd'];
  if (unitZh === '天' && n > 30) return beijingTime(iso, true);
  if (zh) return `${n} ${unitZh}${ahead ? '后' : '前'}`;
  return ahead ? `in ${n} ${unitEn}` : `${n} ${unitEn} ago`;
}
