import { natsOptions } from './nats-options';

describe('NATS connection options from NATS_URL', () => {
  it('passes plain addresses through', () => {
    expect(natsOptions('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
    expect(natsOptions('nats://a:4222, nats://b:4222')).toEqual({ servers: ['nats://a:4222', 'nats://b:4222'] });
  });

  it('takes the user and password out of the URL (percent-decoded) and off every server', () => {
    expect(natsOptions('nats://gateway:p%40ss%3Aword@nats-0.nats:4222,nats://gateway:p%40ss%3Aword@nats-1.nats:4222')).toEqual({
      servers: ['nats://nats-0.nats:4222', 'nats://nats-1.nats:4222'],
      user: 'gateway',
      pass: 'p@ss:word',
    });
  });
});
