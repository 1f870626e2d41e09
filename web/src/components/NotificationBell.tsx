import { useState } from 'react';
import { App, Badge, Button, Drawer, Empty, Space, Tag, Typography } from 'antd';
import BellOutlined from '@ant-design/icons/es/icons/BellOutlined';
import type { NotificationView } from '@cadre/contracts';
import { useNavigate } from 'react-router-dom';
import { useLive } from '../app/live';
import { messagePath } from '../features/inbox/kinds';
import { useI18n } from '../i18n/i18n';
import { beijingTime, relativeTime } from './beijing';
import { useProblemText } from './ProblemAlert';

/**
 * 消息: the header's bell with the unread count; it opens the latest messages (title, body, when: how long ago and the
 * Beijing time). Opening one marks it read and goes to what it is about; 全部已读 marks them all.
 */
export function NotificationBell({ compact = false }: { compact?: boolean }) {
  const { t, locale } = useI18n();
  const live = useLive();
  const navigate = useNavigate();
  const { message, notification } = App.useApp();
  const problemText = useProblemText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const fail = (caught: unknown) => void message.error(problemText(caught).message);
  const openMessage = async (item: NotificationView) => {
    if (!item.readAt) await live.markRead(item.id).catch(fail);
    const path = messagePath(item.link);
    if (path) {
      live.setQuiet(false);
      setOpen(false);
      navigate(path);
    }
  };
  const readAll = async () => {
    setBusy(true);
    await live.readAll().catch(fail);
    setBusy(false);
  };

  return (
    <>
      <Badge count={live.unread} size="small" overflowCount={99} offset={compact ? [-4, 4] : [-6, 6]}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('bell.label', { n: live.unread })} data-testid="notification-bell" onClick={() => {
            // The list shows what the toasts said: close them (one under the pointer would stay and cover the list).
            notification.destroy();
            live.setQuiet(true);
            setOpen(true);
          }}
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => {
          live.setQuiet(false);
          setOpen(false);
        }}
        placement="right"
        size={compact ? '100%' : 400}
        title={t('bell.title')}
        extra={
          <Button size="small" onClick={() => void readAll()} loading={busy} disabled={live.unread === 0} autoInsertSpace={false}>
            {t('bell.readAll')}
          </Button>
        }
      >
        {!live.connected && live.messages.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('bell.offline')}
          </Typography.Paragraph>
        )}
        {live.messages.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} />
        ) : (
          // Plain buttons, not antd's List (which brings pagination and select along into the frame's first load).
          <ul data-testid="notification-list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {live.messages.map((item) => (
              <li key={item.id} style={{ marginBottom: 8 }}>
                <button
                  type="button"
                  onClick={() => void openMessage(item)}
                  data-testid={`notification-${item.id}`}
                  style={{ all: 'unset', boxSizing: 'border-box', display: 'block', width: '100%', cursor: 'pointer', padding: '10px 12px', borderRadius: 6, border: '1px solid #f0f0f0', background: item.readAt ? undefined : '#f0f7ff' }}
                >
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space size={6} wrap>
                      {!item.readAt && <Tag color="blue">{t('bell.unread')}</Tag>}
                      <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                    </Space>
                    {item.body && <Typography.Text type="secondary">{item.body}</Typography.Text>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} title={beijingTime(item.createdAt)}>
                      {relativeTime(item.createdAt, locale)} · {beijingTime(item.createdAt)}
                    </Typography.Text>
                  </Space>
                </button>
              </li>
            ))}
          </ul>
        )}
      </Drawer>
    </>
  );
}
