import type { NotificationView } from '@cadre/contracts';
import { EmailChannel, emailOf } from './email-channel';
import { ChannelRegistry, type NotificationChannel } from './notification-channel';
import { deliveryJobId } from './channel-delivery';

const message: NotificationView = {
  id: 'n0123',
  kind: 'record_returned',
  title: '纪实《招商引资》被退回修改',
  body: '张审核于2026-12-03 09:30退回，意见：佐证材料不全。请修改后重新报送。',
  link: '/records/r1',
  createdAt: '2026-12-03T01:30:00.000Z',
  readAt: null,
};

describe('the e-mail channel', () => {
  it('writes a Chinese mail with the console link and Beijing time', () => {
    const mail = emailOf(message, { userId: 'u1', name: '王海军' }, 'https://console.example.test/');
    expect(mail.subject).toBe('【激励一张网】纪实《招商引资》被退回修改');
    expect(mail.text).toContain('王海军，您好');
    expect(mail.text).toContain('佐证材料不全');
    expect(mail.text).toContain('查看详情：https://console.example.test/records/r1');
    expect(mail.text).toContain('2026-12-03 09:30，北京时间');
    expect(mail.text).not.toContain('u1');
  });

  it('skips a recipient without an address (nothing sent, no connection made)', async () => {
    const logged: string[] = [];
    const channel = new EmailChannel({ enabled: true, smtpUrl: 'smtp://127.0.0.1:1', from: 'x@example.test', consoleUrl: 'http://c' }, { emailOf: async () => null }, { log: (m: string) => logged.push(m) });
    await expect(channel.deliver(message, { userId: 'u1', name: '王海军' })).resolves.toEqual({ sent: false, reason: 'no address' });
    expect(logged).toHaveLength(1);
  });

  it('a failing server is an error (the delivery job retries it)', async () => {
    const channel = new EmailChannel({ enabled: true, smtpUrl: 'smtp://127.0.0.1:1', from: 'x@example.test', consoleUrl: 'http://c' }, { emailOf: async () => 'a@example.test' }, { log: () => undefined });
    await expect(channel.deliver(message, { userId: 'u1', name: '王海军' })).rejects.toThrow();
    channel.close();
  });
});

describe('the channel registry', () => {
  const channel = (name: string, enabled: boolean): NotificationChannel => ({ name, enabled, deliver: async () => ({ sent: true }) });

  it('delivers through the enabled channels only; one job per message and channel, with no single colon in its id', () => {
    const registry = new ChannelRegistry([channel('email', false), channel('sms', true)]);
    expect(registry.enabled().map((c) => c.name)).toEqual(['sms']);
    expect(registry.byName('email')?.enabled).toBe(false);
    expect(deliveryJobId('n0123', 'email')).toBe('n0123|email');
  });
});
