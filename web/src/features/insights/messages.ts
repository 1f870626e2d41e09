/** The insights pages' messages (zh-CN first; en must have the same keys). */
export const messages = {
  zh: {
    'nav.insights': 'insights',
  },
  en: {
    'nav.insights': 'insights',
  },
} as const;
