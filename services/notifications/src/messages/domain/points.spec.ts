import { pointsFor, type KnownScore } from './points';
import { renderBody } from './messages';

const at = (iso: string) => new Date(iso);
const message = { pointsSource: 'record:r1', createdAt: at('2026-12-03T02:00:00Z') };

describe('points fill-in', () => {
  it('takes the newest announcement computed after the message’s event that names the source', () => {
    const scores: KnownScore[] = [
      { bySource: { 'record:r1': 1000 }, revision: 1, updatedAt: at('2026-12-03T02:00:01Z') },
      { bySource: { 'record:r1': 1344, 'record:r2': 5 }, revision: 3, updatedAt: at('2026-12-03T02:00:03Z') },
      { bySource: { 'record:r2': 5 }, revision: 4, updatedAt: at('2026-12-03T02:00:04Z') },
    ];
    expect(pointsFor(message, scores)).toBe(1344);
    expect(renderBody('研判认定，等级：良好。', 1344)).toBe('研判认定，等级：良好。积分 +13.44。');
  });

  it('ignores an announcement older than the event (the points before a re-verification), and a message without a source', () => {
    expect(pointsFor(message, [{ bySource: { 'record:r1': 0 }, revision: 9, updatedAt: at('2026-12-03T01:59:00Z') }])).toBeNull();
    // a second of clock difference between the services is no reason to wait
    expect(pointsFor(message, [{ bySource: { 'record:r1': 7 }, revision: 9, updatedAt: at('2026-12-03T01:59:59Z') }])).toBe(7);
    expect(pointsFor({ ...message, pointsSource: null }, [{ bySource: { 'record:r1': 1 }, revision: 1, updatedAt: at('2026-12-04T00:00:00Z') }])).toBeNull();
    expect(pointsFor(message, [])).toBeNull();
  });

  it('zero points (不予认定) are points too', () => {
    expect(pointsFor(message, [{ bySource: { 'record:r1': 0 }, revision: 1, updatedAt: at('2026-12-03T03:00:00Z') }])).toBe(0);
    expect(renderBody('x。', 0)).toBe('x。积分 0.00。');
  });
});
