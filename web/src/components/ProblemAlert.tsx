import Alert from 'antd/es/alert';
import { ApiError } from '../api/client';
import { useI18n, type MessageKey } from '../i18n/i18n';

const KNOWN = new Set([0, 400, 401, 403, 404, 409, 413, 429, 503]);

/** What an error means, in plain words: the status explained, the API's detail, and the trace id for support. */
export function useProblemText() {
  const { t } = useI18n();
  return (error: unknown): { message: string; detail?: string; traceId?: string } => {
    if (!(error instanceof ApiError)) return { message: t('error.500'), detail: String((error as Error)?.message ?? error) };
    const status = KNOWN.has(error.status) ? error.status : 500;
    return { message: t(`error.${status}` as MessageKey), detail: error.problem.detail, traceId: error.problem.traceId };
  };
}

export function ProblemAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const { t } = useI18n();
  const text = useProblemText()(error);
  if (!error) return null;
  const description = [text.detail, text.traceId ? t('error.trace', { traceId: text.traceId }) : undefined].filter(Boolean).join(' · ');
  return <Alert type="error" showIcon title={text.message} description={description || undefined} closable={!!onClose} onClose={onClose} role="alert" style={{ marginBottom: 16 }} />;
}
