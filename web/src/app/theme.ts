import type { ThemeConfig } from 'antd';

/**
 * The console's Ant Design theme. `zeroRuntime`: components take their styles from antd's prebuilt stylesheet
 * (imported once in main.tsx, cached for a year like every asset) instead of generating CSS in the browser as
 * they first render, which made the sign-in page take ~0.5 s longer to appear on this project's 2-core machine.
 * The token still applies: the stylesheet reads it through CSS variables.
 *
 * Text meets WCAG AA (4.5:1 on white and on the layout's #f5f5f5) where antd's defaults do not: its description
 * grey rgba(0,0,0,.45) is 3.4:1, its placeholder grey 1.8:1, its link and info blue #1677ff 4.1:1 and its error red #ff4d4f 3.3:1 (form
 * errors, danger text and the white count on badges). Tag text colours are in console.css.
 */
export const theme: ThemeConfig = {
  zeroRuntime: true,
  token: {
    colorPrimary: '#c41d24',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    // Select's placeholder is text axe checks (an input's ::placeholder it does not): 4.7:1 rather than 1.8:1.
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
  },
};
