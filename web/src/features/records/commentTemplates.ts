import type { MessageKey } from '../../i18n/i18n';

/**
 * 常用意见: built-in comments per decision, and the user's own, kept in this browser's localStorage under a key with
 * the user's id (the server stores none of them).
 */
export type TemplateDecision = 'approve' | 'return' | 'reject' | 'confirm';

export const BUILT_IN_TEMPLATES: Record<TemplateDecision, MessageKey[]> = {
  approve: ['records.templates.approve.1', 'records.templates.approve.2'],
  return: ['records.templates.return.1', 'records.templates.return.2', 'records.templates.return.3'],
  reject: ['records.templates.reject.1'],
  confirm: ['records.templates.confirm.1', 'records.templates.confirm.2'],
};

/** At most this many own templates per decision (the oldest go first). */
export const MAX_OWN_TEMPLATES = 10;

export const templateStorageKey = (userId: string) => `cadre.commentTemplates.${userId}`;

export function isTemplateDecision(value: unknown): value is TemplateDecision {
  return typeof value === 'string' && value in BUILT_IN_TEMPLATES;
}

type Stored = Partial<Record<TemplateDecision, string[]>>;

function readAll(userId: string): Stored {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(templateStorageKey(userId)) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Stored) : {};
  } catch {
    return {};
  }
}

function writeAll(userId: string, all: Stored): void {
  try {
    localStorage.setItem(templateStorageKey(userId), JSON.stringify(all));
  } catch {
    // Storage full or disabled: the template is simply not kept.
  }
}

/** The user's own templates for a decision, newest last. */
export function ownTemplates(userId: string, decision: TemplateDecision): string[] {
  const list = readAll(userId)[decision];
  return Array.isArray(list) ? list.filter((text): text is string => typeof text === 'string' && text.trim() !== '') : [];
}

/** Adds `text` (trimmed; a duplicate moves to the end); answers the new list. */
export function saveTemplate(userId: string, decision: TemplateDecision, text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed) return ownTemplates(userId, decision);
  const next = [...ownTemplates(userId, decision).filter((t) => t !== trimmed), trimmed].slice(-MAX_OWN_TEMPLATES);
  writeAll(userId, { ...readAll(userId), [decision]: next });
  return next;
}

export function deleteTemplate(userId: string, decision: TemplateDecision, text: string): string[] {
  const next = ownTemplates(userId, decision).filter((t) => t !== text);
  writeAll(userId, { ...readAll(userId), [decision]: next });
  return next;
}

/** The comment with a template added: the template alone when the comment is empty, else on a new line. */
export function withTemplate(comment: string | undefined, template: string): string {
  const current = (comment ?? '').trimEnd();
  return current ? `${current}\n${template}` : template;
}
