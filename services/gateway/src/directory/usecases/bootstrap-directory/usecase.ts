import { Inject, Injectable } from '@nestjs/common';
import { CreateDepartment } from '../create-department/usecase';
import { CreateUser } from '../create-user/usecase';
import { DirectoryReader } from '../../directory-reader';
import type { BootstrapDirectoryCommand } from './command';

/** First start: the root department and the `admin` user, only if there is no `admin` yet. */
@Injectable()
export class BootstrapDirectory {
  constructor(
    @Inject(DirectoryReader) private readonly reader: DirectoryReader,
    @Inject(CreateDepartment) private readonly createDepartment: CreateDepartment,
    @Inject(CreateUser) private readonly createUser: CreateUser,
  ) {}

  async execute({ rootDepartment, adminPassword, isDevelopmentPassword }: BootstrapDirectoryCommand): Promise<'created' | 'exists'> {
    if (await this.reader.userByUsername('admin')) return 'exists';
    const existing = await this.reader.root();
    const rootId = existing ? existing._id : (await this.createDepartment.create(rootDepartment)).id;
    await this.createUser.create(
      {
        username: 'admin',
        password: adminPassword,
        name: '系统管理员',
        staffNo: 'ADMIN-0001',
        departmentId: rootId,
        roles: ['admin'],
        rankLevel: 'staff',
        title: '系统管理员',
      },
      { enforcePasswordPolicy: !isDevelopmentPassword },
    );
    return 'created';
  }
}
