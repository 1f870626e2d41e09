import postcss from 'postcss';
import { signInStylesheet } from '../../signInCss.mjs';

describe('the sign-in page’s part of antd’s stylesheet', () => {
  const css = signInStylesheet();
  const selectors = new Set<string>();
  postcss.parse(css).walkRules((rule) => rule.selectors.forEach((s) => selectors.add(s)));
  const has = (pattern: RegExp) => [...selectors].some((s) => pattern.test(s));

  it('keeps the rules of Form, Input, Button, the grid, Spin and Alert, and those of no component (tokens, icons)', () => {
    for (const pattern of [/^\.ant-btn$/, /^\.ant-input$/, /^\.ant-form-item$/, /^\.ant-col-24$/, /^\.ant-spin$/, /^\.ant-alert$/, /^\.anticon$/, /^\.css-var-/]) expect(has(pattern)).toBe(true);
  });

  it('leaves out the other components, and no empty @media stays', () => {
    for (const pattern of [/^\.ant-table/, /^\.ant-picker/, /^\.ant-menu/, /^\.ant-tag/]) expect(has(pattern)).toBe(false);
    postcss.parse(css).walkAtRules('media', (rule) => expect(rule.nodes?.length).toBeGreaterThan(0));
    expect(css.length).toBeLessThan(400_000);
  });

  it('keeps the animations', () => {
    expect(css).toContain('@keyframes');
  });
});
