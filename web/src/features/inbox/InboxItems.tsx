import { List, Space, Tag, Typography } from 'antd';
import type { InboxItemView } from '@cadre/contracts';
import { Link } from 'react-router-dom';
import { beijingTime } from '../../components/beijing';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { itemPath } from './kinds';

/** A kind's label: the console's own (the service's `kindLabel` when the console does not know the kind). */
export function useKindLabel() {
  const { t } = useI18n();
  return (kind: string, fallback?: string) => {
    const key = `inbox.kind.${kind}` as MessageKey;
    const text = t(key);
    return text === key ? (fallback ?? kind) : text;
  };
}

/**
 * Inbox items, one per line (phone-friendly): the kind, the title linking to its object, who and where, and the due
 * time in Beijing time, 已超期 in red once past it.
 */
export function InboxItems({ items, loading, empty, testId = 'inbox-items' }: { items: InboxItemView[]; loading?: boolean; empty?: string; testId?: string }) {
  const { t } = useI18n();
  const kindLabel = useKindLabel();
  return (
    <List<InboxItemView>
      data-testid={testId}
      loading={loading}
      dataSource={items}
      locale={{ emptyText: empty ?? t('inbox.empty') }}
      renderItem={(item) => (
        <List.Item key={item.id} data-testid="inbox-item" extra={<Link to={itemPath(item)}>{t('inbox.open')}</Link>}>
          <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
            <Space size={6} wrap>
              <Tag color="blue">{kindLabel(item.kind, item.kindLabel)}</Tag>
              <Link to={itemPath(item)}>{item.title}</Link>
            </Space>
            {item.summary && <Typography.Text type="secondary">{item.summary}</Typography.Text>}
            <Space size={6} wrap>
              {item.departmentName && <Typography.Text type="secondary">{item.departmentName}</Typography.Text>}
              <Typography.Text type={item.overdue ? 'danger' : 'secondary'} data-testid="inbox-due">
                {t('inbox.field.dueAt')}：{beijingTime(item.dueAt)}
              </Typography.Text>
              {item.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
              {item.escalated && <Tag color="volcano">{t('inbox.escalated')}</Tag>}
            </Space>
          </Space>
        </List.Item>
      )}
    />
  );
}
