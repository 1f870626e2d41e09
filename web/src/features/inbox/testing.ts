import type { InboxItemView, InboxView, NotificationView } from '@cadre/contracts';
import { INBOX_KIND_LIST, type InboxCounts } from '../../api/notifications';

export function counts(overrides: Partial<InboxCounts> = {}): InboxCounts {
  return { ...(Object.fromEntries(INBOX_KIND_LIST.map((kind) => [kind, 0])) as InboxCounts), ...overrides };
}

export function inboxItem(overrides: Partial<InboxItemView> = {}): InboxItemView {
  return {
    id: 'record_review:r1',
    kind: 'record_review',
    kindLabel: '待审核',
    title: '引进世界500强企业区域总部',
    summary: '王海军 报送',
    subject: { type: 'record', id: 'r1' },
    link: '/records/r1',
    departmentId: 'd-longhua',
    departmentName: '龙华区',
    openedAt: '2026-11-20T02:00:00.000Z',
    dueAt: '2026-11-27T10:00:00.000Z',
    overdue: false,
    escalated: false,
    ...overrides,
  };
}

export function inboxView(items: InboxItemView[], byKind: Partial<InboxCounts>, extra: Partial<InboxView> = {}): InboxView {
  const all = counts(byKind);
  return { total: Object.values(all).reduce((a, b) => a + b, 0), counts: all, overdue: items.filter((i) => i.overdue).length, items, limit: 50, offset: 0, ...extra };
}

export function message(overrides: Partial<NotificationView> = {}): NotificationView {
  return { id: 'n1', kind: 'record_returned', title: '纪实《引进世界500强企业区域总部》被退回', body: '请补充佐证材料', link: '/records/r1', createdAt: '2026-12-03T01:00:00.000Z', readAt: null, ...overrides };
}

/** A `text/event-stream` answer the test writes into: `send('notification', {...})`, `close()`. */
export function eventStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const encoder = new TextEncoder();
  return {
    /** A new connection (the latest is the one written to). */
    response: () => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c;
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    },
    send(event: string, data: unknown) {
      controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
    },
    comment() {
      controller.enqueue(encoder.encode(': keep-alive\n\n'));
    },
    close() {
      controller.close();
    },
  };
}
