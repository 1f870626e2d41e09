import type { Problem } from '@cadre/contracts';

/** Helpers of the gateway's composed reads (selection, 实绩档案): many owners asked as the caller. */

/** Whether an owner's refusal came back as a problem (an RPC error carries its status). */
export function isProblem(error: unknown): error is Problem {
  return typeof error === 'object' && error !== null && typeof (error as Problem).status === 'number';
}
