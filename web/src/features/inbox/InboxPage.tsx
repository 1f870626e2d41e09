import { useState } from 'react';
import { Button, Card, Pagination, Space, Tag, Typography } from 'antd';
import type { InboxKind } from '@cadre/contracts';
import { inboxApi } from '../../api/notifications';
import { useApiQuery } from '../../api/useApiQuery';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLive } from '../../app/live';
import { useI18n } from '../../i18n/i18n';
import { InboxItems } from './InboxItems';
import { KindFilter } from './KindFilter';

const PAGE_SIZE = 20;

/** 待办: everything waiting for the signed-in user, oldest due first, filtered by kind, paged, exported (CSV or Excel). */
export function InboxPage() {
  const { t } = useI18n();
  const live = useLive();
  const [kind, setKind] = useState<InboxKind | undefined>();
  const [page, setPage] = useState(1);
  // Read again when the inbox changed (live event, focus), the filter or the page.
  const inbox = useApiQuery(() => inboxApi.list({ kind, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }), [kind, page, live.inboxVersion]);
  const view = inbox.data;
  // The list's total is of the chosen kind; 全部 counts every kind.
  const total = view ? Object.values(view.counts ?? {}).reduce((sum, n) => sum + (Number(n) || 0), 0) : 0;

  return (
    <Card
      title={t('inbox.title')}
      extra={
        <Space wrap>
          <Button autoInsertSpace={false} onClick={() => live.refresh()}>
            {t('action.refresh')}
          </Button>
          <ExportButton path="/inbox" query={{ kind }} name="待办事项" />
        </Space>
      }
    >
      <ProblemAlert error={inbox.error} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <KindFilter
          counts={view?.counts}
          total={total}
          value={kind}
          onChange={(next) => {
            setKind(next);
            setPage(1);
          }}
        />
        {view && (
          <Space wrap>
            <Typography.Text data-testid="inbox-total">{t('inbox.total', { n: view.total })}</Typography.Text>
            {view.overdue > 0 && <Tag color="red">{t('inbox.overdueCount', { n: view.overdue })}</Tag>}
          </Space>
        )}
        <InboxItems items={view?.items ?? []} loading={inbox.loading} />
        {view && view.total > PAGE_SIZE && (
          <Pagination current={page} pageSize={PAGE_SIZE} total={view.total} showSizeChanger={false} onChange={setPage} size="small" style={{ textAlign: 'right' }} />
        )}
      </Space>
    </Card>
  );
}
