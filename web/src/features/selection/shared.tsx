import { useState } from 'react';
import { App, Button, Grid, Tag } from 'antd';
import DownloadOutlined from '@ant-design/icons/es/icons/DownloadOutlined';
import type { RoundStatus } from '@cadre/contracts';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { beijingTime } from '../../components/beijing';
import { useProblemText } from '../../components/ProblemAlert';
import { CANDIDATE_STATUS_COLORS, ROUND_STATUS_COLORS } from './rules';

/** Labels of the feature's codes (the code itself when unknown); the views carry their own labels, these serve filters and forms. */
export function useLabels() {
  const { t } = useI18n();
  const label = (prefix: string, code: string | null | undefined) => {
    if (!code) return '—';
    const key = `${prefix}.${code}` as MessageKey;
    const text = t(key);
    return text === key ? code : text;
  };
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

/** Phones (under 576 px) read cards instead of tables. */
export function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  return !screens.sm;
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

/** 导出 CSV: downloads with the session's token; a failure is told plainly. */
export function CsvButton({ download }: { download: () => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const problem = useProblemText();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await download();
        } catch (caught) {
          const text = problem(caught);
          message.error([text.message, text.detail].filter(Boolean).join('：'));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('selection.csv')}
    </Button>
  );
}
