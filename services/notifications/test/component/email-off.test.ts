/** The e-mail channel off (the default): the message is stored and nothing reaches the local SMTP catcher. */
import { RECORD_EVENTS } from '@cadre/contracts';
import { waitUntil, type Component } from '@cadre/testing';
import { dropRedisKeys, recordEvent } from './messages-fixtures';
import { filer, listOf, reviewer, startCatcher, startWithEmail } from './email-fixtures';

jest.setTimeout(120_000);

describe('notifications in process: the e-mail channel off', () => {
  let catcher: Awaited<ReturnType<typeof startCatcher>>;
  let svc: Component;
  beforeAll(async () => {
    catcher = await startCatcher();
    svc = await startWithEmail(false, catcher.port);
  });
  afterAll(async () => {
    await svc?.stop();
    await dropRedisKeys();
    await catcher?.close();
  });

  it('stores the message and mails nothing', async () => {
    await svc.publish(RECORD_EVENTS.returned, recordEvent(filer, reviewer), { producer: 'records' });
    await waitUntil(async () => ((await listOf(svc, filer)).total === 1 ? true : undefined), { timeoutMs: 20_000, what: 'the message stored' });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(catcher.mails).toHaveLength(0);
  });
});
