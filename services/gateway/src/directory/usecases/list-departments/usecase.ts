import { Inject, Injectable } from '@nestjs/common';
import type { DepartmentListView } from '@cadre/contracts';
import { DirectoryReader } from '../../directory-reader';
import type { ListDepartmentsCommand } from './command';

/** The department tree as a list, root first (each with parentId and path from the root). */
@Injectable()
export class ListDepartments {
  constructor(@Inject(DirectoryReader) private readonly reader: DirectoryReader) {}

  async execute(_command: ListDepartmentsCommand = {}): Promise<DepartmentListView> {
    const items = await this.reader.departmentList();
    return { items, total: items.length };
  }
}
