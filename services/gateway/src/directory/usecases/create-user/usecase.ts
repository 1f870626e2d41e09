import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CreateUserInput, UserView } from '@cadre/contracts';
import { isDuplicateKeyError, problems } from '@cadre/platform';
import { hashPassword } from '../../../auth/password-hasher';
import { enforce, mayManageUsers } from '../../domain/access';
import { newUser, newUserProblems, userUpserted } from '../../domain/user';
import { UserStore } from '../../persistence/stores';
import { DirectoryReader } from '../../directory-reader';
import { PeopleIndexSync } from '../../people-index.sync';
import { userView } from '../../views';
import type { CreateUserCommand } from './command';

/** A user (admin), active from the start; the password must meet the policy. */
@Injectable()
export class CreateUser {
  constructor(
    @Inject(UserStore) private readonly users: UserStore,
    @Inject(DirectoryReader) private readonly reader: DirectoryReader,
    @Inject(PeopleIndexSync) private readonly people: PeopleIndexSync,
  ) {}

  execute({ caller, input }: CreateUserCommand): Promise<UserView> {
    enforce(mayManageUsers(caller));
    return this.create(input);
  }

  /** The creation itself, without the caller's access check: also the first start's `admin`. */
  async create(input: CreateUserInput, options: { enforcePasswordPolicy?: boolean } = {}): Promise<UserView> {
    const department = await this.reader.department(input.departmentId);
    const errors = newUserProblems(input, department, options);
    if (errors.length || !department) throw problems.invalid(errors);
    const user = newUser(randomUUID(), input, department, await hashPassword(input.password));
    try {
      await this.users.create(user, [userUpserted(user)]);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict(await this.reader.duplicateUserDetail(user));
      throw error;
    }
    this.people.userWritten(user);
    return userView(user);
  }
}
