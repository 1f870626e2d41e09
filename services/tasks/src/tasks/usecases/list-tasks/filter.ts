import mongoose from 'mongoose';
import type { Caller, TaskListQuery } from '@cadre/contracts';
import { draftsListedFor } from '../../domain/access';

/** `text` as a regular expression that matches it literally (it is user input). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Cards whose title or description contains `keyword`, case-insensitive (a `$regex` FerretDB v1 answers too). */
export function keywordFilter(keyword: string): Record<string, unknown> {
  const contains = () => mongoose.trusted({ $regex: escapeRegex(keyword), $options: 'i' });
  return { $or: [{ title: contains() }, { description: contains() }] };
}

/**
 * The board's filter for a caller: batch, domain, status and keyword; drafts only as `draftsListedFor` allows.
 * Null when the caller may see nothing (drafts asked for by someone who may not list them).
 */
export function boardFilter(who: Caller, query: TaskListQuery): Record<string, unknown> | null {
  const parts: Record<string, unknown>[] = [];
  if (query.batchId) parts.push({ batchId: query.batchId });
  if (query.domain) parts.push({ domain: query.domain });
  const drafts = draftsListedFor(who);
  if (query.status === 'draft' || (!query.status && drafts)) {
    if (!drafts) return null;
    // `departmentPath: id` matches the paths that hold the department: its subtree.
    if (query.status) parts.push({ status: 'draft', departmentPath: drafts.departmentId });
    else parts.push({ $or: [{ status: mongoose.trusted({ $ne: 'draft' }) }, { departmentPath: drafts.departmentId }] });
  } else {
    parts.push({ status: query.status ?? mongoose.trusted({ $ne: 'draft' }) });
  }
  if (query.q) parts.push(keywordFilter(query.q));
  return parts.length === 1 ? parts[0] : { $and: parts };
}

/** The board's order: the asked field (`-` descending), then `_id` so pages never overlap. */
export function boardSort(sort: TaskListQuery['sort']): Record<string, 1 | -1> {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  return { [field]: descending ? -1 : 1, _id: 1 };
}
