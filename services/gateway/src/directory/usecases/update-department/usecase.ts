import { Inject, Injectable } from '@nestjs/common';
import type { DepartmentView } from '@cadre/contracts';
import { isDuplicateKeyError, problems } from '@cadre/platform';
import { enforce, mayManageDepartments } from '../../domain/access';
import { departmentChange, movesTo, rebasedDepartment } from '../../domain/department';
import { rebasedUser } from '../../domain/user';
import { DepartmentStore, UserStore } from '../../persistence/stores';
import { DirectoryCache } from '../../directory-cache';
import { DirectoryReader } from '../../directory-reader';
import { PeopleIndexSync } from '../../people-index.sync';
import { departmentView } from '../../views';
import type { UpdateDepartmentCommand } from './command';

/** Rename, recode or move a department (admin); a move rebases the subtree and its users. */
@Injectable()
export class UpdateDepartment {
  constructor(
    @Inject(DepartmentStore) private readonly departments: DepartmentStore,
    @Inject(UserStore) private readonly users: UserStore,
    @Inject(DirectoryReader) private readonly reader: DirectoryReader,
    @Inject(DirectoryCache) private readonly cache: DirectoryCache,
    @Inject(PeopleIndexSync) private readonly people: PeopleIndexSync,
  ) {}

  async execute({ caller, id, input }: UpdateDepartmentCommand): Promise<DepartmentView> {
    enforce(mayManageDepartments(caller));
    const { before, after } = await this.departments
      .change(id, async (current) => {
        const target = movesTo(current, input);
        return departmentChange(current, input, target ? await this.reader.department(target) : undefined);
      })
      .catch((error: unknown) => {
        if (isDuplicateKeyError(error)) throw problems.conflict(`The department code ${input.code} is already in use.`);
        throw error;
      });
    this.cache.invalidateDepartments();
    if (after.path.join('/') !== before.path.join('/')) await this.moveSubtree(before.path, after.path);
    return departmentView(after);
  }

  /**
   * Rebases every department and user below a moved department. Each document is written with its own event;
   * running the same move again finishes one that was interrupted.
   */
  private async moveSubtree(oldPath: string[], newPath: string[]): Promise<void> {
    const movedId = oldPath[oldPath.length - 1];
    for (const id of await this.reader.descendantIds(movedId)) {
      await this.departments.change(id, (current) => rebasedDepartment(current, oldPath, newPath));
      this.cache.invalidateDepartments();
    }
    for (const id of await this.reader.memberIds(movedId)) {
      const { after } = await this.users.change(id, (current) => rebasedUser(current, oldPath, newPath));
      this.cache.invalidateUser(id);
      this.people.userWritten(after);
    }
  }
}
