import { SMTPServer } from 'smtp-server';
import { DIRECTORY_EVENTS, RPC, type NotificationListView, type UserUpsertedV1 } from '@cadre/contracts';
import { callerOf, department, freePort, startComponent, user, waitUntil, type Component, type UserSeed } from '@cadre/testing';
import { notificationsModule } from './messages-fixtures';

/** The e-mail tests' people, catcher and service (one service per test file: its configuration is read once). */
export interface Mail {
  to: string[];
  raw: string;
}

export const city = department('海口市');
export const bureau = department('龙华区发改局', city);
export const filer = user('王海军', bureau, ['cadre']);
export const noAddress = user('李无邮', bureau, ['cadre']);
export const reviewer = user('张审核', bureau, ['reviewer']);

/** The directory event of a user with an e-mail address (the gateway's, version 2 after seedDirectory's 1). */
export function withEmail(seed: UserSeed, email: string): UserUpsertedV1 {
  return {
    userId: seed.id, username: `u-${seed.id.slice(0, 8)}`, name: seed.name, staffNo: seed.id.slice(0, 8), departmentId: seed.department.id,
    departmentPath: seed.department.path, roles: seed.roles, rankLevel: 'section', title: '', active: true, version: 2, email,
  };
}

/** Decodes the mail's Subject (RFC 2047, UTF-8 base64 or quoted-printable words) and the text body (base64 or QP). */
export function decoded(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectLine.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
  const body = rest.join('\n\n');
  const encoding = /Content-Transfer-Encoding: (\S+)/i.exec(unfolded)?.[1]?.toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
        : body;
  return { subject, text };
}


/** A local SMTP catcher on a free port: plain SMTP (no STARTTLS, no AUTH), every mail kept in `mails`. */
export async function startCatcher(): Promise<{ port: number; mails: Mail[]; close: () => Promise<void> }> {
  const mails: Mail[] = [];
  const port = await freePort();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  return { port, mails, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

/** The service with the e-mail channel on or off, the filer's address in its replica. */
export async function startWithEmail(enabled: boolean, port: number): Promise<Component> {
  const svc = await startComponent({
    service: 'notifications',
    module: notificationsModule,
    env: { NOTIFY_EMAIL_ENABLED: String(enabled), SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFY_EMAIL_FROM: '激励一张网 <noreply@example.test>', CONSOLE_URL: 'https://console.example.test' },
  });
  await svc.seedDirectory({ users: [filer, noAddress, reviewer] });
  await svc.publish(DIRECTORY_EVENTS.userUpserted, withEmail(filer, 'wanghj@example.test'), { producer: 'gateway' });
  await waitUntil(async () => (await svc.db.collection('directory_users').findOne({ _id: filer.id } as never))?.email === 'wanghj@example.test', { timeoutMs: 20_000, what: 'the replica to keep the address' });
  return svc;
}

export const listOf = (svc: Component, who: UserSeed) => svc.request<NotificationListView>(RPC.notifications.list, {}, callerOf(who));
