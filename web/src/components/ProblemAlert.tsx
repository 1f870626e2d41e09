import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import { ApiError } from '../api/client';
import { useI18n, type MessageKey } from '../i18n/i18n';

const KNOWN = new Set([0, 400, 401, 403, 404, 409, 413, 429, 503]);
/** Answers that say "not now" (no server, too many requests, busy): their plain words are all there is to say. */
const TRANSIENT = new Set([0, 429, 503]);

/** What an error means, in plain words: the status explained, the API's detail, and the trace id for support. */
export function useProblemText() {
  const { t } = useI18n();
  return (error: unknown): { message: string; detail?: string; traceId?: string } => {
    if (!(error instanceof ApiError)) return { message: t('error.500'), detail: String((error as Error)?.message ?? error) };
    const status = KNOWN.has(error.status) ? error.status : 500;
    if (status === 429 && error.retryAfterSeconds) return { message: t('error.429.wait', { seconds: Math.ceil(error.retryAfterSeconds) }), traceId: error.problem.traceId };
    // A busy gateway's or the browser's own words (English, technical) would only confuse: the message says it all.
    if (TRANSIENT.has(status)) return { message: t(`error.${status}` as MessageKey), traceId: error.problem.traceId };
    return { message: t(`error.${status}` as MessageKey), detail: error.problem.detail, traceId: error.problem.traceId };
  };
}

/** An error shown plainly; with `onRetry`, a 重试 button that asks again (a page's `reload`). */
export function ProblemAlert({ error, onClose, onRetry }: { error: unknown; onClose?: () => void; onRetry?: () => void }) {
  const { t } = useI18n();
  const text = useProblemText()(error);
  if (!error) return null;
  const description = [text.detail, text.traceId ? t('error.trace', { traceId: text.traceId }) : undefined].filter(Boolean).join(' · ');
  const retry = onRetry ? (
    <Button size="small" autoInsertSpace={false} onClick={onRetry}>
      {t('action.retry')}
    </Button>
  ) : undefined;
  return <Alert type="error" showIcon title={text.message} description={description || undefined} action={retry} closable={!!onClose} onClose={onClose} role="alert" style={{ marginBottom: 16 }} />;
}
