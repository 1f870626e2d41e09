import type { Caller, RankLevel, Role } from '@cadre/contracts';
import type { User } from '../directory/domain/user';

/** The caller the gateway forwards for a directory user: taken from the directory, never from the token. */
export function callerOf(user: User): Caller {
  return {
    userId: user._id,
    name: user.name,
    roles: user.roles as Role[],
    departmentId: user.departmentId,
    departmentPath: user.departmentPath,
    rankLevel: user.rankLevel as RankLevel,
  };
}
