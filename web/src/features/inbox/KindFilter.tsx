import { Badge, Space, Tag } from 'antd';
import type { InboxKind } from '@cadre/contracts';
import type { InboxCounts } from '../../api/notifications';
import { useI18n } from '../../i18n/i18n';
import { kindsWithItems } from './kinds';
import { useKindLabel } from './InboxItems';

/** 全部 and each kind that has items, with its count: choosing one filters the list (wraps on a phone). */
export function KindFilter({ counts, total, value, onChange }: { counts: Partial<InboxCounts> | undefined; total: number; value: InboxKind | undefined; onChange: (kind: InboxKind | undefined) => void }) {
  const { t } = useI18n();
  const kindLabel = useKindLabel();
  const choice = (key: string, label: string, count: number, kind: InboxKind | undefined) => (
    <Tag.CheckableTag key={key} checked={value === kind} onChange={() => onChange(kind)} data-testid={`kind-${key}`} style={{ padding: '4px 10px', border: '1px solid #d9d9d9' }}>
      <Space size={4}>
        {label}
        <Badge count={count} showZero size="small" color={value === kind ? '#fff' : '#1677ff'} style={value === kind ? { color: '#1677ff' } : undefined} />
      </Space>
    </Tag.CheckableTag>
  );
  return (
    <Space wrap size={[8, 8]} role="group" aria-label={t('inbox.field.kind')}>
      {choice('all', t('inbox.all'), total, undefined)}
      {kindsWithItems(counts, value).map((kind) => choice(kind, kindLabel(kind), counts?.[kind] ?? 0, kind))}
    </Space>
  );
}
