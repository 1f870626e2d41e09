import { streamReplicas } from './streams';

describe('JETSTREAM_REPLICAS', () => {
  it('is 1 when unset and the number given otherwise', () => {
    expect(streamReplicas(undefined)).toBe(1);
    expect(streamReplicas('')).toBe(1);
    expect(streamReplicas('3')).toBe(3);
  });

  it('refuses what a JetStream cluster cannot hold', () => {
    for (const bad of ['0', '6', '2.5', 'three']) expect(() => streamReplicas(bad)).toThrow(/JETSTREAM_REPLICAS/);
  });
});
