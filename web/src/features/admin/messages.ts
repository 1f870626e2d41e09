/** The admin pages' messages (zh-CN first; en must have the same keys). */
export const messages = {
  zh: {
    'nav.admin': 'admin',
  },
  en: {
    'nav.admin': 'admin',
  },
} as const;
