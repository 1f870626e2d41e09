import { Select, Tag } from 'antd';
import type { AppraisalStatus, CycleView } from '@cadre/contracts';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { beijingTime } from '../../components/beijing';
import { STATUS_COLORS, periodLabel } from './rules';

/** Labels of the feature's codes (the code itself when unknown). */
export function useLabels() {
  const { t } = useI18n();
  const label = useCodeLabel();
  return {
    t,
    kind: (code: string) => label('appraisal.kind', code),
    cycleStatus: (code: string) => label('appraisal.cycleStatus', code),
    surveyStatus: (code: string) => label('appraisal.surveyStatus', code),
    grade: (code: string | null | undefined) => label('appraisal.grade', code),
    status: (code: string) => label('appraisal.status', code),
    group: (code: string) => label('appraisal.group', code),
    answer: (code: string) => label('appraisal.answer', code),
    satisfaction: (code: string) => label('appraisal.satisfaction', code),
    period: periodLabel,
  };
}

export function StatusTag({ status }: { status: AppraisalStatus }) {
  const { status: label } = useLabels();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="status-tag">
      {label(status)}
    </Tag>
  );
}

/** Beijing time `YYYY-MM-DD HH:mm`. */
export const formatTime = (iso: string | null | undefined, dateOnly = false) => beijingTime(iso, dateOnly);

/** A picker of cycles (newest first) and, below it, the cycle's departments the caller may see. */
export function CycleDepartmentPicker({
  cycles,
  cycle,
  departmentId,
  onChange,
}: {
  cycles: CycleView[];
  cycle: CycleView | undefined;
  departmentId: string | undefined;
  onChange(next: { cycleId?: string; departmentId?: string }): void;
}) {
  const { t, kind, period } = useLabels();
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      <Select
        aria-label={t('appraisal.sheet.pickCycle')}
        data-testid="pick-cycle"
        placeholder={t('appraisal.sheet.pickCycle')}
        value={cycle?.id}
        style={{ minWidth: 240, flex: '1 1 240px', maxWidth: 420 }}
        options={cycles.map((c) => ({ value: c.id, label: `${c.name}（${kind(c.kind)} · ${period(c.period)}）` }))}
        onChange={(cycleId: string) => onChange({ cycleId, departmentId: undefined })}
      />
      <Select
        aria-label={t('appraisal.sheet.pickDepartment')}
        data-testid="pick-department"
        placeholder={t('appraisal.sheet.pickDepartment')}
        value={departmentId}
        style={{ minWidth: 180, flex: '1 1 180px', maxWidth: 320 }}
        showSearch
        optionFilterProp="label"
        options={(cycle?.departments ?? []).map((d) => ({ value: d.departmentId, label: d.departmentName }))}
        onChange={(next: string) => onChange({ cycleId: cycle?.id, departmentId: next })}
      />
    </div>
  );
}
