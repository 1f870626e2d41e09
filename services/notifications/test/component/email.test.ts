/**
 * The e-mail channel in process, on: a local SMTP catcher (smtp-server) on a free port started by the test; the
 * service with NOTIFY_EMAIL_ENABLED mails a message once to the user's address from the directory replica.
 * (email-off.test.ts: off, the default, mails nothing.)
 */
import { RECORD_EVENTS } from '@cadre/contracts';
import { waitUntil, type Component } from '@cadre/testing';
import { dropRedisKeys, recordEvent, republish } from './messages-fixtures';
import { decoded, filer, listOf, noAddress, reviewer, startCatcher, startWithEmail } from './email-fixtures';

jest.setTimeout(120_000);

describe('notifications in process: the e-mail channel on', () => {
  let catcher: Awaited<ReturnType<typeof startCatcher>>;
  let svc: Component;
  beforeAll(async () => {
    catcher = await startCatcher();
    svc = await startWithEmail(true, catcher.port);
  });
  afterAll(async () => {
    await svc?.stop();
    await dropRedisKeys();
    await catcher?.close();
  });

  it('mails the message once, in Chinese with the console link; a redelivered event mails nothing more; no address, no mail', async () => {
    const returned = recordEvent(filer, reviewer);
    const envelope = await svc.publish(RECORD_EVENTS.returned, returned, { producer: 'records' });
    await svc.publish(RECORD_EVENTS.returned, recordEvent(noAddress, reviewer), { producer: 'records' });
    const mail = await waitUntil(() => catcher.mails.find((m) => m.to.includes('wanghj@example.test')), { timeoutMs: 20_000, what: 'the mail at the catcher' });
    const { subject, text } = decoded(mail.raw);
    expect(subject).toBe('【激励一张网】纪实《引进世界500强企业区域总部》被退回修改');
    expect(text).toContain('王海军，您好');
    expect(text).toContain('佐证材料不全，请补充合同扫描件');
    expect(text).toContain(`https://console.example.test/records/${returned.recordId}`);
    expect(text).toContain('北京时间');

    await republish(svc, RECORD_EVENTS.returned, envelope);
    await svc.publish(RECORD_EVENTS.rejected, { ...returned, version: 6, status: 'rejected', action: 'review:reject' }, { producer: 'records' });
    await waitUntil(() => catcher.mails.filter((m) => m.to.includes('wanghj@example.test')).length === 2 || undefined, { timeoutMs: 20_000, what: 'the rejection mailed' });
    await new Promise((r) => setTimeout(r, 1_500));
    const subjects = catcher.mails.filter((m) => m.to.includes('wanghj@example.test')).map((m) => decoded(m.raw).subject);
    expect(subjects.filter((s) => s.includes('被退回修改'))).toHaveLength(1);
    expect(subjects.filter((s) => s.includes('未通过审核'))).toHaveLength(1);
    // The user without an address has the message in the console, and no mail went anywhere else.
    expect((await listOf(svc, noAddress)).total).toBe(1);
    expect(catcher.mails.every((m) => m.to.every((to) => to === 'wanghj@example.test'))).toBe(true);
  });
});
