import { Inject, Injectable } from '@nestjs/common';
import type { UserView } from '@cadre/contracts';
import { isDuplicateKeyError, problems } from '@cadre/platform';
import { hashPassword } from '../../../auth/password-hasher';
import { enforce, mayManageUsers } from '../../domain/access';
import { userChange, userChangeProblems } from '../../domain/user';
import type { UserDocument } from '../../persistence/directory.schemas';
import { UserStore } from '../../persistence/stores';
import { DirectoryCache } from '../../directory-cache';
import { DirectoryReader } from '../../directory-reader';
import { PeopleIndexSync } from '../../people-index.sync';
import { userView } from '../../views';
import type { UpdateUserCommand } from './command';

/**
 * Change a user (admin): department, roles, rank, title, active, password. The change takes effect on the
 * user's next request here at once, on other gateway replicas within the directory cache's TTL; people search
 * here at once, on other replicas when the event arrives.
 */
@Injectable()
export class UpdateUser {
  constructor(
    @Inject(UserStore) private readonly users: UserStore,
    @Inject(DirectoryReader) private readonly reader: DirectoryReader,
    @Inject(DirectoryCache) private readonly cache: DirectoryCache,
    @Inject(PeopleIndexSync) private readonly people: PeopleIndexSync,
  ) {}

  async execute({ caller, id, input }: UpdateUserCommand): Promise<UserView> {
    enforce(mayManageUsers(caller));
    let attempted: Pick<UserDocument, '_id' | 'username' | 'staffNo'> | undefined;
    const { after } = await this.users
      .change(id, async (current) => {
        attempted = { _id: id, username: current.username, staffNo: input.staffNo ?? current.staffNo };
        const department = input.departmentId ? await this.reader.department(input.departmentId) : undefined;
        const errors = userChangeProblems(current, input, department);
        if (errors.length) throw problems.invalid(errors);
        const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
        return userChange(current, input, { department, passwordHash });
      })
      .catch(async (error: unknown) => {
        if (isDuplicateKeyError(error) && attempted) throw problems.conflict(await this.reader.duplicateUserDetail(attempted));
        throw error;
      });
    this.cache.invalidateUser(id);
    this.people.userWritten(after);
    return userView(after);
  }
}
