import { Inject, Injectable } from '@nestjs/common';
import type { UserView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { enforce, mayReadUser } from '../../domain/access';
import { DirectoryReader } from '../../directory-reader';
import { userView } from '../../views';
import type { GetUserCommand } from './command';

/** One user: for an administrator, or the user themself. */
@Injectable()
export class GetUser {
  constructor(@Inject(DirectoryReader) private readonly reader: DirectoryReader) {}

  async execute({ caller, id }: GetUserCommand): Promise<UserView> {
    enforce(mayReadUser(caller, id));
    const user = await this.reader.user(id);
    if (!user) throw problems.notFound('No such user.');
    return userView(user);
  }
}
