import { addEntry, emptyMailbox, markAllRead, markRead, page, setBody, type Mailbox, type MailboxEntry } from './mailbox';

const entry = (n: number, readAt: Date | null = null): MailboxEntry => ({
  _id: `m${String(n).padStart(3, '0')}`,
  kind: 'record.returned',
  title: `消息${n}`,
  body: '正文',
  link: '/records/x',
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
  readAt,
});

function fill(n: number, cap: number): Mailbox {
  let box = emptyMailbox();
  for (let i = 1; i <= n; i += 1) box = addEntry(box, entry(i), cap)!;
  return box;
}

describe('mailbox', () => {
  it('keeps the newest first, counts every message and the unread, and adds one message once', () => {
    let box = fill(3, 10);
    expect(box.entries.map((e) => e._id)).toEqual(['m003', 'm002', 'm001']);
    expect(addEntry(box, entry(2), 10)).toBeNull();
    box = addEntry(box, { ...entry(0), _id: 'm000' }, 10)!;
    expect(box.entries.at(-1)!._id).toBe('m000');
    expect(box).toMatchObject({ total: 4, unread: 4 });
  });

  it('beyond the cap keeps the latest, remembers older unread ones and still counts them', () => {
    let box = fill(5, 3);
    expect(box.entries.map((e) => e._id)).toEqual(['m005', 'm004', 'm003']);
    expect(box.olderUnread).toEqual(['m001', 'm002']);
    expect(box).toMatchObject({ total: 5, unread: 5 });
    expect(addEntry(box, entry(1), 3)).toBeNull(); // an older unread one again: nothing
    box = markRead(box, 'm001', new Date())!;
    expect(box).toMatchObject({ unread: 4, olderUnread: ['m002'] });
    const older = addEntry(box, { ...entry(0), _id: 'm000', readAt: new Date() }, 3)!;
    expect(older).toMatchObject({ total: 6, unread: 4, olderUnread: ['m002'] });
  });

  it('marks one read once, all read with the ids that were unread, and pages all or unread', () => {
    const at = new Date();
    let box = fill(4, 3);
    box = markRead(box, 'm004', at)!;
    expect(markRead(box, 'm004', at)).toBeNull();
    expect(markRead(box, 'nope', at)).toBeNull();
    expect(box.unread).toBe(3);
    expect(page(box, { unread: true, limit: 10, offset: 0 })).toMatchObject({ total: 3, items: [{ _id: 'm003' }, { _id: 'm002' }] });
    expect(page(box, { limit: 1, offset: 1 })).toMatchObject({ total: 4, items: [{ _id: 'm003' }] });
    const all = markAllRead(box, at);
    expect(all.ids.sort()).toEqual(['m001', 'm002', 'm003']);
    expect(all.mailbox).toMatchObject({ unread: 0, olderUnread: [] });
    expect(all.mailbox.entries.every((e) => e.readAt)).toBe(true);
  });

  it('changes a kept entry’s body once', () => {
    const box = fill(2, 5);
    const changed = setBody(box, 'm001', '正文（积分 3.5）')!;
    expect(changed.entries[1].body).toBe('正文（积分 3.5）');
    expect(setBody(changed, 'm001', '正文（积分 3.5）')).toBeNull();
    expect(setBody(changed, 'gone', 'x')).toBeNull();
  });
});
