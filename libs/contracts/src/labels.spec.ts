import { INBOX_KINDS } from './notifications/events';
import { RANK_LEVELS, ROLES } from './caller';
import { IMPACT_LEVELS, RATINGS, RECORD_STATUSES } from './records/requests';
import { TASK_DOMAINS, TASK_FLAGS, TASK_STATUSES, TASK_VERDICTS } from './tasks/requests';
import {
  IMPACT_LEVEL_LABELS,
  INBOX_KIND_LABELS,
  RANK_LEVEL_LABELS,
  RATING_LABELS,
  RECORD_STATUS_LABELS,
  ROLE_LABELS,
  TASK_DOMAIN_LABELS,
  TASK_FLAG_LABELS,
  TASK_STATUS_LABELS,
  TASK_VERDICT_LABELS,
  beijingDate,
  beijingDateTime,
  itemName,
  labelOf,
} from './labels';

describe('labels', () => {
  it('every code of every list has a Chinese label', () => {
    const cases: [readonly string[], Record<string, string>][] = [
      [RANK_LEVELS, RANK_LEVEL_LABELS],
      [ROLES, ROLE_LABELS],
      [RECORD_STATUSES, RECORD_STATUS_LABELS],
      [IMPACT_LEVELS, IMPACT_LEVEL_LABELS],
      [RATINGS, RATING_LABELS],
      [TASK_STATUSES, TASK_STATUS_LABELS],
      [TASK_DOMAINS, TASK_DOMAIN_LABELS],
      [TASK_FLAGS, TASK_FLAG_LABELS],
      [TASK_VERDICTS, TASK_VERDICT_LABELS],
      [INBOX_KINDS, INBOX_KIND_LABELS],
    ];
    for (const [codes, labels] of cases) for (const code of codes) expect(labels[code]).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(INBOX_KIND_LABELS).toMatchObject({ record_review: '待审核', share_confirm: '待确认分工', task_conclude: '待结项' });
  });

  it('labelOf: the label, the code when unknown, empty for none', () => {
    expect(labelOf(RANK_LEVEL_LABELS, 'division')).toBe('处级');
    expect(labelOf(RANK_LEVEL_LABELS, 'mayor')).toBe('mayor');
    expect(labelOf(RANK_LEVEL_LABELS, null)).toBe('');
    expect(labelOf(RANK_LEVEL_LABELS, 'toString')).toBe('toString');
  });

  it('item names: first and second level, TASK, unknown codes as they are', () => {
    expect(itemName('INVEST')).toBe('招商引资');
    expect(itemName('INVEST-03')).toBe('招商引资 / 500强企业引进');
    expect(itemName('TASK')).toBe('揭榜挂帅');
    expect(itemName('NEW-01')).toBe('NEW-01');
    expect(itemName(null)).toBe('');
    expect(itemName('X-01', new Map([['X', '新项'], ['X-01', '子项']]))).toBe('新项 / 子项');
  });

  it('Beijing time: UTC+8, minutes, across midnight; dates stay dates', () => {
    expect(beijingDateTime('2026-01-31T17:05:59.900Z')).toBe('2026-02-01 01:05');
    expect(beijingDateTime(new Date('2026-06-30T00:00:00Z'))).toBe('2026-06-30 08:00');
    expect(beijingDateTime(null)).toBe('');
    expect(beijingDateTime('not a date')).toBe('');
    expect(beijingDate('2026-12-31T16:00:00Z')).toBe('2027-01-01');
    expect(beijingDate('2026-03-01')).toBe('2026-03-01');
    expect(beijingDate(undefined)).toBe('');
  });
});
