import { Inject, Injectable } from '@nestjs/common';
import type { MeView } from '@cadre/contracts';
import { DirectoryReader } from '../../directory-reader';
import { userView } from '../../views';
import type { GetMeCommand } from './command';

/** The caller: their user with their department. */
@Injectable()
export class GetMe {
  constructor(@Inject(DirectoryReader) private readonly reader: DirectoryReader) {}

  async execute({ user }: GetMeCommand): Promise<MeView> {
    const departments = await this.reader.departmentList();
    return { ...userView(user), department: departments.find((d) => d.id === user.departmentId) ?? null };
  }
}
