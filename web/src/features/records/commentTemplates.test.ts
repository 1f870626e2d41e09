import { MAX_OWN_TEMPLATES, deleteTemplate, ownTemplates, saveTemplate, templateStorageKey, withTemplate } from './commentTemplates';

afterEach(() => localStorage.clear());

describe('常用意见 storage', () => {
  it('keeps each user’s own templates per decision under a key with the user id', () => {
    saveTemplate('u-1', 'return', '  请补充合同  ');
    saveTemplate('u-1', 'approve', '同意');
    saveTemplate('u-2', 'return', '别人的');
    expect(ownTemplates('u-1', 'return')).toEqual(['请补充合同']);
    expect(ownTemplates('u-1', 'approve')).toEqual(['同意']);
    expect(ownTemplates('u-2', 'return')).toEqual(['别人的']);
    expect(localStorage.getItem(templateStorageKey('u-1'))).toContain('请补充合同');
  });

  it('ignores a blank comment, moves a duplicate to the end, keeps at most the newest few, and deletes', () => {
    saveTemplate('u-1', 'return', '   ');
    expect(ownTemplates('u-1', 'return')).toEqual([]);
    saveTemplate('u-1', 'return', 'a');
    saveTemplate('u-1', 'return', 'b');
    expect(saveTemplate('u-1', 'return', 'a')).toEqual(['b', 'a']);
    for (let i = 0; i < MAX_OWN_TEMPLATES + 2; i++) saveTemplate('u-1', 'return', `t${i}`);
    expect(ownTemplates('u-1', 'return')).toHaveLength(MAX_OWN_TEMPLATES);
    expect(ownTemplates('u-1', 'return').at(-1)).toBe(`t${MAX_OWN_TEMPLATES + 1}`);
    expect(deleteTemplate('u-1', 'return', `t${MAX_OWN_TEMPLATES + 1}`)).not.toContain(`t${MAX_OWN_TEMPLATES + 1}`);
  });

  it('reads broken storage as no templates', () => {
    localStorage.setItem(templateStorageKey('u-1'), '{not json');
    expect(ownTemplates('u-1', 'return')).toEqual([]);
    localStorage.setItem(templateStorageKey('u-1'), JSON.stringify({ return: 'oops' }));
    expect(ownTemplates('u-1', 'return')).toEqual([]);
  });

  it('adds a template to the comment on a new line', () => {
    expect(withTemplate('', '同意')).toBe('同意');
    expect(withTemplate('材料齐全  ', '同意')).toBe('材料齐全\n同意');
  });
});
