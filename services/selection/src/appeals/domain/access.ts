import type { Caller } from '@cadre/contracts';
import type { AppealState } from './appeal';

const has = (caller: Caller, role: string) => caller.roles.includes(role as never);

/** The organisation department (assessors and admins) reads every appeal. */
export function seesAll(caller: Caller): boolean {
  return has(caller, 'assessor') || has(caller, 'admin');
}

/** The appellant, assessors and admins (404 for anyone else). */
export function maySeeAppeal(caller: Caller, appeal: Pick<AppealState, 'appellant'>): boolean {
  return seesAll(caller) || appeal.appellant.id === caller.userId;
}

/** Only an assessor decides (an admin without the role does not). */
export function mayDecideAppeals(caller: Caller): string | null {
  return has(caller, 'assessor') ? null : '只有考核部门（assessor）可以处理申诉';
}

/** Never the appellant. */
export function mayDecide(caller: Caller, appeal: Pick<AppealState, 'appellant'>): string | null {
  return mayDecideAppeals(caller) ?? (appeal.appellant.id === caller.userId ? '不能处理本人的申诉' : null);
}
