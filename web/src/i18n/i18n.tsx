import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zhCN } from './zh-CN';
import { en } from './en';

type Locale = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zhCN;
const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  /** The message for `key`, with `{name}` placeholders filled from `values`. */
  t(key: MessageKey, values?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);
const LOCALE_KEY = 'cadre.locale';

/**
 * What follows the chosen locale outside React: the page's `<html lang>` (screen readers, fonts, hyphenation) and
 * dayjs's locale, which Ant Design's DatePicker takes its month and weekday names and first day of the week from.
 * Applied before the render that uses the locale, so no picker renders once in the other language.
 */
function applyLocale(locale: Locale): Locale {
  document.documentElement.lang = locale;
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  return locale;
}

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => applyLocale(initial ?? ((localStorage.getItem(LOCALE_KEY) as Locale | null) === 'en' ? 'en' : 'zh-CN')));
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(LOCALE_KEY, next);
    setLocaleState(applyLocale(next));
  }, []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, values) => {
        const text = dictionaries[locale][key] ?? zhCN[key] ?? key;
        return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole)) : text;
      },
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/**
 * The label of a code under a message prefix (`selection.kind` + `promotion` → 提拔使用): the code itself when no
 * message names it, '—' for no code. For filters and forms; views carry their own `*Label` fields.
 */
export function useCodeLabel(): (prefix: string, code: string | null | undefined) => string {
  const { t } = useI18n();
  return (prefix, code) => {
    if (!code) return '—';
    const key = `${prefix}.${code}` as MessageKey;
    const text = t(key);
    return text === key ? code : text;
  };
}
