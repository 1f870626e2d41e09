import { activationRefusal, applicationRefusal, dryRunRefusal, standardVersionOf } from './standards';

describe('a standard’s lifecycle', () => {
  it('a draft may be dry-run and activated', () => {
    expect(dryRunRefusal({ version: 2, status: 'draft' })).toBeNull();
    expect(activationRefusal({ version: 2, status: 'draft' })).toBeNull();
    expect(applicationRefusal({ version: 2, status: 'draft' })).toBeNull();
  });

  it('the active or a retired version is neither dry-run nor activated again', () => {
    expect(dryRunRefusal({ version: 1, status: 'active' })).toBe('A dry run is for a draft; version 1 is active.');
    expect(activationRefusal({ version: 1, status: 'retired' })).toBe('Only a draft can be activated; version 1 is retired.');
  });

  it('the activation job finishes an active version again (a retried job), never a retired one', () => {
    expect(applicationRefusal({ version: 2, status: 'active' })).toBeNull();
    expect(applicationRefusal({ version: 1, status: 'retired' })).toBe('Version 1 is retired.');
  });

  it('reads a version parameter', () => {
    expect(standardVersionOf('2')).toBe(2);
    expect(standardVersionOf(3)).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', '', null, undefined, {}]) expect(standardVersionOf(bad)).toBeNull();
  });
});
