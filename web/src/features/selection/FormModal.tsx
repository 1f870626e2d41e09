import type { ReactNode } from 'react';
import { Form, Modal, type FormInstance } from 'antd';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';

/**
 * A small form in a modal that stays open until the API accepts it: a 400 lands on the fields it names, and every
 * problem (a 409's detail, a 400 naming `cadreIds.2`) shows above them; on success `onDone` gets what the API answered.
 */
export function FormModal<V extends object, R>({
  open,
  title,
  okText,
  danger,
  initialValues,
  submit,
  onDone,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  initialValues?: Partial<V>;
  submit(values: V): Promise<R>;
  onDone(answer: R): void;
  onCancel(): void;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const { busy, error, setError, run } = useSubmission(form);
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('action.cancel')}
      okButtonProps={{ danger, loading: busy }}
      onCancel={() => {
        setError(null);
        onCancel();
      }}
      destroyOnHidden
      onOk={() =>
        form.validateFields().then(
          (values) => run(async () => onDone(await submit(values))),
          // The form shows what is missing.
          () => undefined,
        )
      }
    >
      <ProblemAlert error={error} />
      <Form<V> form={form} layout="vertical" preserve={false} initialValues={initialValues}>
        {typeof children === 'function' ? children(form) : children}
      </Form>
    </Modal>
  );
}
