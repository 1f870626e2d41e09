import { Inject, Injectable } from '@nestjs/common';
import type { DepartmentView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { DirectoryReader } from '../../directory-reader';
import { departmentView } from '../../views';
import type { GetDepartmentCommand } from './command';

/** One department, for any signed-in caller. */
@Injectable()
export class GetDepartment {
  constructor(@Inject(DirectoryReader) private readonly reader: DirectoryReader) {}

  async execute({ id }: GetDepartmentCommand): Promise<DepartmentView> {
    const department = await this.reader.department(id);
    if (!department) throw problems.notFound('No such department.');
    return departmentView(department);
  }
}
