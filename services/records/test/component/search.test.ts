/**
 * The records list's keyword (`q`) on real FerretDB: a literal, case-insensitive part of the title or the filer's
 * name, within the caller's scope; regular-expression metacharacters are plain characters; more than 50 is a 400.
 */
import { RPC } from '@cadre/contracts';
import { errorPaths } from '@cadre/testing';
import { assessor, cadre1, cadre2, file, ids, list, refused, reviewerA, reviewerB, startRecords, stopRecords, submit } from './fixture';

jest.setTimeout(60_000);

describe('records list: keyword search', () => {
  beforeAll(startRecords);
  afterAll(stopRecords);

  it('matches part of the title or the filer’s name, literally and case-insensitive, within the caller’s scope', async () => {
    const tag = `K${Date.now().toString(36)}`;
    const project = await file(cadre1, { title: `${tag} 招商引资 Alpha 项目` });
    const literal = await file(cadre1, { title: `${tag} 公式 a.*( 的写法` });
    const other = await file(cadre2, { title: `${tag} 乙区招商引资` });
    await Promise.all([project, literal, other].map((r) => submit(r.id === other.id ? cadre2 : cadre1, r.id)));

    expect(ids(await list(assessor, { q: `${tag} 招商` }))).toEqual([project.id]);
    expect(ids(await list(assessor, { q: `${tag.toLowerCase()} 招商引资 alpha` }))).toEqual([project.id]);
    expect(new Set(ids(await list(assessor, { q: tag })))).toEqual(new Set([project.id, literal.id, other.id]));
    // Metacharacters are the characters themselves: `a.*(` finds the one title with it, `.*` nothing else.
    expect(ids(await list(assessor, { q: 'a.*(' }))).toEqual([literal.id]);
    expect(ids(await list(assessor, { q: `${tag}.*Alpha` }))).toEqual([]);
    expect((await list(assessor, { q: '(' })).items.every((r) => r.title.includes('('))).toBe(true);
    // The filer's name.
    expect(ids(await list(assessor, { q: '干部乙', cadreId: cadre2.id }))).toContain(other.id);
    expect(ids(await list(assessor, { q: '干部乙' })).includes(project.id)).toBe(false);

    // Another department's reviewer finds nothing of district A; A's reviewer finds A's only.
    expect(ids(await list(reviewerB, { q: tag }))).toEqual([other.id]);
    expect(ids(await list(reviewerB, { q: `${tag} 招商引资 Alpha` }))).toEqual([]);
    expect(new Set(ids(await list(reviewerA, { q: tag })))).toEqual(new Set([project.id, literal.id]));
    // The filer's own list ("我的纪实"), keyword and status together.
    expect(ids(await list(cadre1, { q: 'ALPHA', status: 'submitted' }))).toEqual([project.id]);
    expect(ids(await list(cadre2, { q: 'Alpha' }))).toEqual([]);
  });

  it('ignores a blank keyword, refuses one longer than 50 characters (400 naming q), and sorts by title or submission', async () => {
    const all = await list(assessor);
    expect((await list(assessor, { q: '   ' })).total).toBe(all.total);
    expect(errorPaths(await refused(assessor, RPC.records.list, { q: '长'.repeat(51), sort: 'colour' }))).toEqual(['q', 'sort']);
    expect((await list(assessor, { q: '长'.repeat(50) })).total).toBe(0);

    const byTitle = (await list(assessor, { sort: 'title' })).items.map((r) => r.title);
    expect(byTitle).toEqual([...byTitle].sort());
    const bySubmission = (await list(assessor, { sort: '-submittedAt', status: 'submitted' })).items.map((r) => r.submittedAt ?? '');
    expect(bySubmission).toEqual([...bySubmission].sort().reverse());
  });
});
