import { useState } from 'react';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/**
 * Puts the API's field errors (problem `errors[]`, paths like `participants.1.share`) next to the form's fields.
 * Answers true when at least one error found its field (the rest of the problem is shown above the form).
 */
export function showFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.problem.errors?.length) return false;
  const byField = new Map<string, string[]>();
  for (const fieldError of error.problem.errors) {
    const name = fieldError.path || '';
    byField.set(name, [...(byField.get(name) ?? []), fieldError.message]);
  }
  const fields = [...byField].filter(([name]) => name).map(([name, errors]) => ({ name: name.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)), errors }));
  form.setFields(fields as never);
  return fields.length > 0;
}

/**
 * A form's submission: `busy` while `run(work)` runs, and what went wrong. A failure puts the API's field errors
 * next to the fields of `form` and becomes `error`, the problem shown above the form; with `fieldErrorsSuffice`,
 * only when no field took one of them.
 */
export function useSubmission(form?: FormInstance, { fieldErrorsSuffice = false } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      const placed = form ? showFieldErrors(form, caught) : false;
      setError(placed && fieldErrorsSuffice ? null : caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
