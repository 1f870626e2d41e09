import type { ReactNode } from 'react';
import { Empty, Grid, Pagination, Spin, Tag, Typography } from 'antd';
import type { RoundStatus } from '@cadre/contracts';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { beijingTime } from '../../components/beijing';
import { CANDIDATE_STATUS_COLORS, ROUND_STATUS_COLORS } from './rules';

/** Labels of the feature's codes (the code itself when unknown); the views carry their own labels, these serve filters and forms. */
export function useLabels() {
  const { t } = useI18n();
  const label = useCodeLabel();
  return {
    t,
    kind: (code: string) => label('selection.kind', code),
    status: (code: string) => label('selection.status', code),
    outcomeKind: (code: string) => label('selection.outcomeKind', code),
    rank: (code: string | null | undefined) => label('selection.rank', code),
    grade: (code: string) => label('appraisal.grade', code),
    applicationStatus: (code: string) => label('selection.applicationStatus', code),
  };
}

/** Beijing time `YYYY-MM-DD HH:mm`. */
export const formatTime = (iso: string | null | undefined, dateOnly = false) => beijingTime(iso, dateOnly);

/** Phones (under 576 px, antd's `xs`) read cards instead of tables. */
export function usePhone(): boolean {
  return Grid.useBreakpoint().xs === true;
}

export function RoundStatusTag({ status, label }: { status: RoundStatus; label: string }) {
  return (
    <Tag color={ROUND_STATUS_COLORS[status]} data-testid="round-status">
      {label}
    </Tag>
  );
}

export function CandidateStatusTag({ status, label }: { status: keyof typeof CANDIDATE_STATUS_COLORS; label: string }) {
  return (
    <Tag color={CANDIDATE_STATUS_COLORS[status]} data-testid="candidate-status">
      {label}
    </Tag>
  );
}

/** Items one under another (cards on a phone, short lists in a drawer); antd's List is deprecated in this version. */
export function Stack<T>({
  items,
  render,
  empty,
  loading,
  plain,
  pagination,
}: {
  items: readonly T[];
  render: (item: T) => ReactNode;
  empty: string;
  loading?: boolean;
  /** A short text list (no empty picture). */
  plain?: boolean;
  pagination?: { current: number; pageSize: number; total: number; onChange(page: number): void };
}) {
  if (loading && !items.length) return <Spin style={{ display: 'block', margin: '24px auto' }} />;
  if (!items.length) return plain ? <Typography.Text type="secondary">{empty}</Typography.Text> : <Empty description={empty} />;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: plain ? 6 : 12 }}>
      {items.map((item, i) => (
        <div key={i}>{render(item)}</div>
      ))}
      {pagination && pagination.total > pagination.pageSize && <Pagination simple {...pagination} />}
    </div>
  );
}
