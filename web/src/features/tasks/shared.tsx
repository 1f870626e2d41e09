import { beijingTime } from '../../components/beijing';
import { useMemo, type ReactNode } from 'react';
import { Tag, Typography } from 'antd';
import type { DepartmentView, TaskDomain, TaskFlag, TaskStatus, TaskVerdict } from '@cadre/contracts';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import type { Viewer } from './rules';
import { useApiQuery } from '../../api/useApiQuery';

export const STATUSES: TaskStatus[] = ['draft', 'open', 'evaluating', 'in_progress', 'reviewing', 'concluded', 'withdrawn', 'unclaimed'];
export const DOMAINS: TaskDomain[] = ['ftp', 'institution', 'legacy', 'livelihood', 'industry'];
export const FLAGS: TaskFlag[] = ['urgent', 'hard', 'risky', 'heavy'];
export const VERDICTS: TaskVerdict[] = ['excellent', 'pass', 'tolerated', 'fail'];

const STATUS_COLORS: Record<TaskStatus, string> = {
  draft: 'default',
  open: 'green',
  evaluating: 'blue',
  in_progress: 'processing',
  reviewing: 'purple',
  concluded: 'gold',
  withdrawn: 'default',
  unclaimed: 'default',
};

export function useViewer(): Viewer | null {
  const { user } = useSession();
  // The same object for as long as the signed-in user is the same (it may stand in a hook's dependencies).
  return useMemo(() => (user ? { id: user.id, roles: user.roles, departmentId: user.departmentId } : null), [user]);
}

export function useLabels() {
  const { t } = useI18n();
  return {
    status: (s: TaskStatus) => t(`tasks.status.${s}` as MessageKey),
    domain: (d: TaskDomain) => t(`tasks.domain.${d}` as MessageKey),
    flag: (f: TaskFlag) => t(`tasks.flag.${f}` as MessageKey),
    verdict: (v: TaskVerdict) => t(`tasks.verdict.${v}` as MessageKey),
  };
}

export function StatusTag({ status }: { status: TaskStatus }) {
  const labels = useLabels();
  return <Tag color={STATUS_COLORS[status]}>{labels.status(status)}</Tag>;
}

export function FlagTags({ flags }: { flags: TaskFlag[] }) {
  const labels = useLabels();
  return (
    <>
      {flags.map((f) => (
        <Tag key={f} color="red">
          {labels.flag(f)}
        </Tag>
      ))}
    </>
  );
}

/** A time for people: Beijing time `YYYY-MM-DD HH:mm` whatever the browser's zone (the console's one rule). */
export function formatTime(value: string | null | undefined): string {
  return beijingTime(value);
}

/** An ISO time as the Beijing wall-clock text a deadline field holds (`YYYY-MM-DD HH:mm`); empty for none. */
export function toBeijingInput(value: string | null | undefined): string {
  return value && !Number.isNaN(Date.parse(value)) ? beijingTime(value) : '';
}

/** A deadline field's Beijing wall-clock text (`YYYY-MM-DD HH:mm`) as ISO 8601 UTC; the text itself when it is not a time. */
export function fromBeijingInput(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(value.trim());
  const at = match ? Date.parse(`${match[1]}T${match[2]}:00+08:00`) : Number.NaN;
  return Number.isNaN(at) ? value : new Date(at).toISOString();
}

/** A plain list (antd's List is deprecated in this version). */
export function PlainList<T>({ items, render, empty, testId }: { items: T[]; render: (item: T) => ReactNode; empty?: string; testId?: string }) {
  if (items.length === 0) return empty ? <Typography.Text type="secondary">{empty}</Typography.Text> : null;
  return (
    <ul data-testid={testId} style={{ paddingLeft: 20, margin: '0 0 12px' }}>
      {items.map((item, index) => (
        <li key={index} style={{ padding: '4px 0' }}>
          {render(item)}
        </li>
      ))}
    </ul>
  );
}

/** Department names by id (`GET /departments`, readable by everyone signed in); an unknown one shows as —, never its id. */
export function useDepartmentNames(): (id: string) => string {
  const departments = useApiQuery(() => api.get<{ items: DepartmentView[] }>('/departments'), []);
  return (id: string) => departments.data?.items?.find((d) => d.id === id)?.name ?? '—';
}
