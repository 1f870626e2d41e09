import { sharesEvidence } from './duplicates';

describe('duplicate evidence', () => {
  it('flags another record carrying one of the hashes, whoever filed it', () => {
    expect(sharesEvidence({ _id: 'r2', evidenceHashes: ['b', 'a'] }, 'r1', ['a'])).toBe(true);
  });

  it('does not flag a record against itself, nor one with other evidence', () => {
    expect(sharesEvidence({ _id: 'r1', evidenceHashes: ['a'] }, 'r1', ['a'])).toBe(false);
    expect(sharesEvidence({ _id: 'r2', evidenceHashes: ['c'] }, 'r1', ['a', 'b'])).toBe(false);
    expect(sharesEvidence({ _id: 'r2', evidenceHashes: [] }, 'r1', ['a'])).toBe(false);
  });

  it('does not flag against a record its filer deleted or discarded', () => {
    expect(sharesEvidence({ _id: 'r2', evidenceHashes: ['a'], status: 'deleted' }, 'r1', ['a'])).toBe(false);
    expect(sharesEvidence({ _id: 'r2', evidenceHashes: ['a'], status: 'discarded' }, 'r1', ['a'])).toBe(false);
    expect(sharesEvidence({ _id: 'r2', evidenceHashes: ['a'], status: 'draft' }, 'r1', ['a'])).toBe(true);
  });
});
