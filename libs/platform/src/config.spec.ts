import { z } from 'zod';
import { ConfigError, env, parseConfig } from './config';

describe('parseConfig', () => {
  const shape = { MONGODB_URI: env.mongoUri(), NATS_URL: env.natsUrl(), OPS_PORT: env.port(9101), NAME: z.string().min(1) };

  it('applies defaults and coerces numbers', () => {
    expect(parseConfig(shape, { NAME: 'x', OPS_PORT: '9200' })).toEqual({
      MONGODB_URI: 'mongodb://127.0.0.1:27017',
      NATS_URL: 'nats://127.0.0.1:4222',
      OPS_PORT: 9200,
      NAME: 'x',
    });
  });

  it('names every malformed or missing variable', () => {
    let error: unknown;
    try {
      parseConfig(shape, { MONGODB_URI: 'not-a-uri', NATS_URL: 'http://x', OPS_PORT: '70000' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['MONGODB_URI', 'NAME', 'NATS_URL', 'OPS_PORT']);
    expect((error as ConfigError).message).toMatch(/MONGODB_URI: must be a MongoDB connection string/);
  });

  it('accepts replica-set and SRV URIs', () => {
    expect(() => parseConfig({ MONGODB_URI: env.mongoUri() }, { MONGODB_URI: 'mongodb://a:27017,b:27017/?replicaSet=rs0' })).not.toThrow();
    expect(() => parseConfig({ MONGODB_URI: env.mongoUri() }, { MONGODB_URI: 'mongodb+srv://cluster.example.com' })).not.toThrow();
  });
});
