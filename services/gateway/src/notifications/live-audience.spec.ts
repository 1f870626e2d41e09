import type { Caller, LiveInboxChange, Role } from '@cadre/contracts';
import { inboxChangeConcerns, parseInboxChange, parseNotification, recipientOf, sseEvent } from './live-audience';

type Who = Pick<Caller, 'userId' | 'roles' | 'departmentId'>;
const reviewer: Who = { userId: 'u-rev', roles: ['cadre', 'reviewer'], departmentId: 'district' };
const caller = (fields: Partial<Who> = {}): Who => ({ ...reviewer, ...fields });

describe('who a change of inboxes concerns', () => {
  const change = (fields: Partial<LiveInboxChange>): LiveInboxChange => ({ userIds: [], roles: [], ...fields });

  it('a named user', () => {
    expect(inboxChangeConcerns(change({ userIds: ['x', 'u-rev'] }), caller())).toBe(true);
    expect(inboxChangeConcerns(change({ userIds: ['x'] }), caller())).toBe(false);
  });

  it('a holder of the role whose department lies on the item’s path (its own or one above)', () => {
    const onPath = change({ roles: [{ role: 'reviewer', departmentPath: ['city', 'district', 'bureau'] }] });
    expect(inboxChangeConcerns(onPath, caller())).toBe(true);
    // Below the item's department, or elsewhere: not concerned.
    expect(inboxChangeConcerns(onPath, caller({ departmentId: 'office' }))).toBe(false);
    expect(inboxChangeConcerns(change({ roles: [{ role: 'reviewer', departmentPath: ['city', 'other'] }] }), caller())).toBe(false);
    // The right department but not the role.
    expect(inboxChangeConcerns(onPath, caller({ roles: ['cadre', 'publisher'] as Role[] }))).toBe(false);
  });

  it('city-wide (null path): everyone holding the role', () => {
    const cityWide = change({ roles: [{ role: 'assessor', departmentPath: null }] });
    expect(inboxChangeConcerns(cityWide, caller({ roles: ['assessor'], departmentId: 'anywhere' }))).toBe(true);
    expect(inboxChangeConcerns(cityWide, caller())).toBe(false);
  });
});

describe('what arrives on the live subjects', () => {
  it('takes well-formed inbox changes, drops what is not one', () => {
    expect(parseInboxChange({ userIds: ['a'], roles: [{ role: 'reviewer', departmentPath: ['c'] }, { role: 'admin', departmentPath: null }] })).toEqual({
      userIds: ['a'],
      roles: [{ role: 'reviewer', departmentPath: ['c'] }],
    });
    expect(parseInboxChange({ roles: [{ role: 'assessor', departmentPath: null }] })).toEqual({ userIds: [], roles: [{ role: 'assessor', departmentPath: null }] });
    // 考核退回 reaches the appraisers of the department's path.
    expect(parseInboxChange({ roles: [{ role: 'appraiser', departmentPath: ['c', 'd'] }] })).toEqual({ userIds: [], roles: [{ role: 'appraiser', departmentPath: ['c', 'd'] }] });
    expect(parseInboxChange('x')).toBeNull();
    expect(parseInboxChange({})).toBeNull();
  });

  it('takes notifications with an id, a kind and a title', () => {
    const view = { id: 'n1', kind: 'record_returned', title: '纪实《甲》被退回', body: '', link: '/records/r1', createdAt: '2026-01-01T00:00:00.000Z', readAt: null };
    expect(parseNotification(view)).toBe(view);
    expect(parseNotification({ id: 'n1' })).toBeNull();
    expect(parseNotification(null)).toBeNull();
  });

  it('reads the recipient from the subject', () => {
    expect(recipientOf('live.notification.u1')).toBe('u1');
    expect(recipientOf('live.notification.')).toBeNull();
    expect(recipientOf('live.notification.a.b')).toBeNull();
    expect(recipientOf('live.inbox')).toBeNull();
  });

  it('writes one event as `event:` and one line of JSON data', () => {
    expect(sseEvent('notification', { title: '第一行\n第二行' })).toBe('event: notification\ndata: {"title":"第一行\\n第二行"}\n\n');
  });
});
