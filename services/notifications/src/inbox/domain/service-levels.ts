/** Service levels (催办) count in the working calendar shared with the selection service's notices (`@cadre/platform`). */
export { beijingDate, dueAt, isWorkingDay, parseDateList, parseDuration, shift, PLAIN_CALENDAR, type Duration, type WorkCalendar } from '@cadre/platform';
