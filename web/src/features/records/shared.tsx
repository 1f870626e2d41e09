import { useEffect, useState, type ReactNode } from 'react';
import { ConfigProvider, Tag } from 'antd';
import type { ImpactLevel, Rating, RecordStatus, ScoringStandardView, TaxonomyView } from '@cadre/contracts';
import { api } from '../../api/client';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { STATUS_COLORS, basePointsOf, itemNames } from './rules';
import { beijingTime } from '../../components/beijing';

export const IMPACT_LEVELS: ImpactLevel[] = ['unit', 'district', 'city', 'province', 'national'];
export const RATINGS: Rating[] = ['excellent', 'good', 'pass', 'none'];
export const STATUSES: RecordStatus[] = ['draft', 'submitted', 'reviewed', 'verified', 'rejected', 'revoked', 'discarded'];

/** The current taxonomy (`GET /taxonomy`) and the active scoring standard (for base points; optional). */
export function useTaxonomy() {
  const [taxonomy, setTaxonomy] = useState<TaxonomyView | null>(null);
  const [standard, setStandard] = useState<ScoringStandardView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let live = true;
    api
      .get<TaxonomyView>('/taxonomy')
      .then((value) => live && setTaxonomy(value))
      .catch((caught) => live && setError(caught))
      .finally(() => live && setLoading(false));
    // Base points are the scoring standard's; without it the picker simply shows none.
    api
      .get<ScoringStandardView[]>('/scoring/standards')
      .then((list) => live && Array.isArray(list) && setStandard(list.find((s) => s.status === 'active') ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return { taxonomy, standard, error, loading, basePoints: (code?: string) => basePointsOf(standard, code) };
}

export function useRecordLabels() {
  const { t } = useI18n();
  return {
    status: (status: string) => t(`records.status.${status}` as MessageKey),
    impact: (level: string | null | undefined) => (level ? t(`records.impact.${level}` as MessageKey) : '—'),
    rating: (rating: string | null | undefined) => (rating ? t(`records.rating.${rating}` as MessageKey) : '—'),
    role: (role: string) => t(`records.role.${role}` as MessageKey),
    confirmation: (value: string) => t(`records.confirmation.${value}` as MessageKey),
    history: (action: string) => {
      const key = `records.history.${action}` as MessageKey;
      const text = t(key);
      return text === key ? action : text;
    },
  };
}

export function StatusTag({ status }: { status: RecordStatus }) {
  const labels = useRecordLabels();
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{labels.status(status)}</Tag>;
}

/** An item code with its names from the taxonomy (`招商引资 › 500强企业引进`). */
export function ItemText({ taxonomy, code }: { taxonomy: TaxonomyView | null; code: string }) {
  const names = itemNames(taxonomy, code);
  return <span title={code}>{names.second ? `${names.first} › ${names.second}` : code}</span>;
}

/** Options for an item filter: first-level items, each with its second-level items (a Cascader, changeOnSelect). */
export function itemFilterOptions(taxonomy: TaxonomyView | null) {
  return (taxonomy?.items ?? []).map((item) => ({
    value: item.code,
    label: item.name,
    children: item.children.map((child) => ({ value: child.code, label: child.name })),
  }));
}

/** Beijing time, `YYYY-MM-DD HH:mm` (the console's one rule). */
export const formatTime = (iso: string | null | undefined) => beijingTime(iso);

/** The records pages keep button texts exactly as written (no "报 送" spacing), so they read and match as labelled. */
export function RecordsScope({ children }: { children: ReactNode }) {
  return <ConfigProvider button={{ autoInsertSpace: false }}>{children}</ConfigProvider>;
}
