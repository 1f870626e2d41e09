import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { App } from 'antd';
import type { InboxView, NotificationView } from '@cadre/contracts';
import { inboxApi, notificationsApi, type InboxCounts } from '../api/notifications';
import { openLiveFeed } from '../api/liveFeed';
import { useI18n } from '../i18n/i18n';

/** What the frame knows of the signed-in user's work and messages, kept current by the live feed. */
export interface Live {
  /** The inbox's counts by kind, its total and overdue; null until read (or when the inbox cannot be reached). */
  inbox: Pick<InboxView, 'counts' | 'total' | 'overdue'> | null;
  /** Grows whenever the inbox changed (live `inbox` event, focus): pages showing inbox items read them again. */
  inboxVersion: number;
  unread: number;
  /** The latest messages, newest first. */
  messages: NotificationView[];
  /** Whether the live stream is open. */
  connected: boolean;
  refresh(): void;
  markRead(id: string): Promise<void>;
  readAll(): Promise<void>;
  /** While the messages are shown (the bell's drawer), a new one is not also toasted. */
  setQuiet(quiet: boolean): void;
}

const LiveContext = createContext<Live | null>(null);
const LATEST = 20;
/** Inbox events come in bursts (one action changes several inboxes): read the counts once they settle. */
export const INBOX_DEBOUNCE_MS = 400;
/** Focus reads again, but not more often than this. */
const FOCUS_MIN_INTERVAL_MS = 5_000;

/**
 * One live connection per signed-in session (the provider lives in the signed-in frame: it opens on sign-in and
 * closes on sign-out), the inbox counts and the latest messages. Without the notifications service everything stays
 * empty and quiet: no badge, no error.
 */
export function LiveProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const { notification } = App.useApp();
  const { t } = useI18n();
  const [inbox, setInbox] = useState<Live['inbox']>(null);
  const [inboxVersion, setInboxVersion] = useState(0);
  const [unread, setUnread] = useState(0);
  const [messages, setMessages] = useState<NotificationView[]>([]);
  const [connected, setConnected] = useState(false);
  const lastRead = useRef(0);
  const quiet = useRef(false);
  const setQuiet = useCallback((value: boolean) => {
    quiet.current = value;
  }, []);
  const debounce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const readInbox = useCallback(() => {
    setInboxVersion((n) => n + 1);
    inboxApi.list({ limit: 1 }).then(
      (view) => setInbox({ counts: view.counts, total: view.total, overdue: view.overdue }),
      () => undefined,
    );
  }, []);
  const readMessages = useCallback(() => {
    notificationsApi.list({ limit: LATEST }).then(
      (view) => {
        setUnread(view.unread);
        setMessages(view.items);
      },
      () => undefined,
    );
  }, []);
  const refresh = useCallback(() => {
    lastRead.current = Date.now();
    readInbox();
    readMessages();
  }, [readInbox, readMessages]);

  // The toast names the message in the user's language (the message itself is Chinese, as the service wrote it).
  const toastTitle = t('bell.new');
  const toast = useRef(notification);
  const title = useRef(toastTitle);
  useEffect(() => {
    toast.current = notification;
    title.current = toastTitle;
  }, [notification, toastTitle]);

  useEffect(() => {
    refresh();
    const close = openLiveFeed({
      onNotification: (message) => {
        setMessages((list) => [message, ...list.filter((m) => m.id !== message.id)].slice(0, LATEST));
        if (!message.readAt) setUnread((n) => n + 1);
        if (!quiet.current) toast.current.info({ message: title.current, description: message.title, placement: 'topRight', duration: 4 });
      },
      onInbox: () => {
        clearTimeout(debounce.current);
        debounce.current = setTimeout(readInbox, INBOX_DEBOUNCE_MS);
      },
      // A reconnection may have missed messages: the lists are the truth.
      onOpen: () => {
        if (Date.now() - lastRead.current > 1_000) refresh();
      },
      onStatus: setConnected,
    });
    const onFocus = () => {
      if (Date.now() - lastRead.current >= FOCUS_MIN_INTERVAL_MS) refresh();
    };
    window.addEventListener('focus', onFocus);
    return () => {
      close();
      clearTimeout(debounce.current);
      window.removeEventListener('focus', onFocus);
    };
  }, [userId, refresh, readInbox]);

  const markRead = useCallback(async (id: string) => {
    const answer = await notificationsApi.read(id);
    setUnread(answer.unread);
    setMessages((list) => list.map((m) => (m.id === id && !m.readAt ? { ...m, readAt: new Date().toISOString() } : m)));
  }, []);
  const readAll = useCallback(async () => {
    const answer = await notificationsApi.readAll();
    setUnread(answer.unread);
    const now = new Date().toISOString();
    setMessages((list) => list.map((m) => (m.readAt ? m : { ...m, readAt: now })));
  }, []);

  const value = useMemo<Live>(
    () => ({ inbox, inboxVersion, unread, messages, connected, refresh, markRead, readAll, setQuiet }),
    [inbox, inboxVersion, unread, messages, connected, refresh, markRead, readAll, setQuiet],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

const NO_LIVE: Live = {
  inbox: null,
  inboxVersion: 0,
  unread: 0,
  messages: [],
  connected: false,
  refresh: () => undefined,
  markRead: async () => undefined,
  readAll: async () => undefined,
  setQuiet: () => undefined,
};

/** The live state; outside the frame (a page rendered alone in a test) nothing live, and nothing breaks. */
export function useLive(): Live {
  return useContext(LiveContext) ?? NO_LIVE;
}

export type { InboxCounts };
