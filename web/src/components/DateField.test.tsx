import { fireEvent, render, screen } from '@testing-library/react';
import ConfigProvider from 'antd/es/config-provider';
import zhCNLocale from 'antd/locale/zh_CN';
import { I18nProvider } from '../i18n/i18n';
import { DateField } from './DateField';

describe('DateField', () => {
  it('opens on the day as YYYY-MM-DD, a Chinese calendar (周一 first) and gives back the typed day as YYYY-MM-DD', () => {
    const onChange = vi.fn();
    render(
      <I18nProvider initial="zh-CN">
        <ConfigProvider locale={zhCNLocale}>
          <DateField aria-label="截止日期" value="2026-03-04" onChange={onChange} open />
        </ConfigProvider>
      </I18nProvider>,
    );
    const input = screen.getByLabelText('截止日期') as HTMLInputElement;
    expect(input.value).toBe('2026-03-04');
    const headers = [...document.querySelectorAll('.ant-picker-content thead th')].map((th) => th.textContent);
    expect(headers).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    expect(document.querySelector('.ant-picker-header-view')?.textContent).toContain('2026年');
    fireEvent.change(input, { target: { value: '2026-12-31' } });
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(onChange).toHaveBeenLastCalledWith('2026-12-31');
  });
});
