import { Inject, Injectable } from '@nestjs/common';
import type { PeopleView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { personView } from '../../domain/people';
import { DirectoryReader } from '../../directory-reader';
import { PeopleIndex } from '../../people-index';
import type { SearchPeopleCommand } from './command';

/**
 * People found by name for any signed-in user: the name's characters, or its pinyin initials or full pinyin, among
 * the active users (of a department's subtree when asked), best match first. Only what identifies a person at work
 * (PersonView): no username, staff number or contact data. Searched in the people index (memory), not the
 * database: a people picker asks at every keystroke.
 */
@Injectable()
export class SearchPeople {
  constructor(
    @Inject(DirectoryReader) private readonly reader: DirectoryReader,
    @Inject(PeopleIndex) private readonly index: PeopleIndex,
  ) {}

  async execute({ query }: SearchPeopleCommand): Promise<PeopleView> {
    const [departments, found] = await Promise.all([
      this.reader.departmentList(),
      this.index.search(query.q, query.departmentId, query.limit),
    ]);
    const names = new Map(departments.map((d) => [d.id, d.name]));
    if (query.departmentId && !names.has(query.departmentId) && !(await this.reader.department(query.departmentId))) {
      throw problems.invalid([{ path: 'departmentId', message: 'no such department' }]);
    }
    return { items: found.map((row) => personView(row, (id) => names.get(id))) };
  }
}
