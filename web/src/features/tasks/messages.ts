/** The tasks pages' messages (zh-CN first; en must have the same keys). */
export const messages = {
  zh: {
    'nav.tasks': 'tasks',
  },
  en: {
    'nav.tasks': 'tasks',
  },
} as const;
