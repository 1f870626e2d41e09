import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CreateDepartmentInput, DepartmentView } from '@cadre/contracts';
import { isDuplicateKeyError, problems } from '@cadre/platform';
import { enforce, mayManageDepartments } from '../../domain/access';
import { departmentUpserted, newDepartment } from '../../domain/department';
import { DepartmentStore } from '../../persistence/stores';
import { DirectoryCache } from '../../directory-cache';
import { DirectoryReader } from '../../directory-reader';
import { departmentView } from '../../views';
import type { CreateDepartmentCommand } from './command';

/** A department under a parent (admin); the first one, in an empty tree, is the root. */
@Injectable()
export class CreateDepartment {
  constructor(
    @Inject(DepartmentStore) private readonly departments: DepartmentStore,
    @Inject(DirectoryReader) private readonly reader: DirectoryReader,
    @Inject(DirectoryCache) private readonly cache: DirectoryCache,
  ) {}

  execute({ caller, input }: CreateDepartmentCommand): Promise<DepartmentView> {
    enforce(mayManageDepartments(caller));
    return this.create(input);
  }

  /** The creation itself, without the caller's access check: also the first start's root department. */
  async create(input: CreateDepartmentInput): Promise<DepartmentView> {
    const parent = input.parentId ? await this.reader.department(input.parentId) : null;
    const department = newDepartment(randomUUID(), input, parent, !parent && (await this.reader.hasRoot()));
    try {
      await this.departments.create(department, [departmentUpserted(department)]);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict(`The department code ${input.code} is already in use.`);
      throw error;
    }
    this.cache.invalidateDepartments();
    return departmentView(department);
  }
}
