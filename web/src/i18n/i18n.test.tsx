import { act, render, screen } from '@testing-library/react';
import dayjs from 'dayjs';
import { I18nProvider, useI18n } from './i18n';

function Switcher() {
  const { locale, setLocale } = useI18n();
  return <button onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>{locale}</button>;
}

describe('the chosen locale outside React', () => {
  afterEach(() => localStorage.clear());

  it('sets <html lang> and dayjs’s locale (DatePicker’s months and weekdays) from the start and on every switch', () => {
    localStorage.setItem('cadre.locale', 'en');
    render(
      <I18nProvider>
        <Switcher />
      </I18nProvider>,
    );
    expect(document.documentElement.lang).toBe('en');
    expect(dayjs.locale()).toBe('en');
    expect(dayjs('2026-03-02').format('MMMM dddd')).toBe('March Monday');

    act(() => screen.getByRole('button').click());
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(dayjs.locale()).toBe('zh-cn');
    expect(dayjs('2026-03-02').format('MMMM dddd')).toBe('三月 星期一');
    // 周一 first, as Chinese calendars show it.
    expect(dayjs('2026-03-04').startOf('week').format('YYYY-MM-DD')).toBe('2026-03-02');
    expect(localStorage.getItem('cadre.locale')).toBe('zh-CN');
  });

  it('defaults to zh-CN', () => {
    render(
      <I18nProvider>
        <Switcher />
      </I18nProvider>,
    );
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(dayjs.locale()).toBe('zh-cn');
  });
});
