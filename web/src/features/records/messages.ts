/** The records pages' messages (zh-CN first; en must have the same keys). */
export const messages = {
  zh: {
    'nav.records': 'records',
  },
  en: {
    'nav.records': 'records',
  },
} as const;
