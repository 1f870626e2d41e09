import { RPC } from '@cadre/contracts';
import { operationName } from './nats-rpc';

describe('span names of request-reply handlers', () => {
  it('names a handler for what it does, without the rpc prefix or the service’s own entity', () => {
    expect(operationName(RPC.records.review)).toBe('records.review');
    expect(operationName(RPC.records.taxonomyGet)).toBe('records.taxonomy.get');
    expect(operationName(RPC.tasks.award)).toBe('tasks.award');
    expect(operationName(RPC.tasks.bidCreate)).toBe('tasks.bid.create');
    expect(operationName(RPC.scoring.score)).toBe('scoring.score.get');
    expect(operationName(RPC.analytics.overview)).toBe('analytics.overview');
    expect(operationName(RPC.health('records'))).toBe('records.health');
  });

  it('gives every handler a distinct name', () => {
    const channels = Object.values(RPC).flatMap((group) => (typeof group === 'function' ? [] : Object.values(group)));
    expect(new Set(channels.map(operationName)).size).toBe(channels.length);
  });
});
