import { Inject, Injectable } from '@nestjs/common';
import { RANK_LEVEL_LABELS, ROLE_LABELS, labelOf, type Page, type UserView } from '@cadre/contracts';
import { toCsv } from '@cadre/platform';
import type { CsvReply } from '../../../http/csv';
import { enforce, mayListUsers } from '../../domain/access';
import { DirectoryReader } from '../../directory-reader';
import { userView } from '../../views';
import type { ListUsersCommand } from './command';

/** Users (admin), filtered by department subtree, role, or a name/username search: a page, or the CSV file. */
@Injectable()
export class ListUsers {
  constructor(@Inject(DirectoryReader) private readonly reader: DirectoryReader) {}

  async execute({ caller, query }: ListUsersCommand): Promise<Page<UserView> | CsvReply> {
    enforce(mayListUsers(caller));
    if (query.format === 'csv') return { csv: await this.csv(query), filename: 'users.csv' };
    const { rows, total } = await this.reader.userPage(query);
    return { items: rows.map(userView), total, page: query.page, pageSize: query.pageSize };
  }

  private async csv(query: ListUsersCommand['query']): Promise<string> {
    const [rows, departments] = await Promise.all([this.reader.exportRows(query), this.reader.departmentList()]);
    const names = new Map(departments.map((d) => [d.id, d.name]));
    return toCsv<UserView>(
      [
        ['用户名', (u) => u.username],
        ['姓名', (u) => u.name],
        ['工号', (u) => u.staffNo],
        ['单位', (u) => names.get(u.departmentId) ?? u.departmentId],
        ['角色', (u) => u.roles.map((role) => labelOf(ROLE_LABELS, role)).join(' ')],
        ['职级', (u) => labelOf(RANK_LEVEL_LABELS, u.rankLevel)],
        ['职务', (u) => u.title],
        ['状态', (u) => (u.active ? '在用' : '停用')],
        ['邮箱', (u) => u.email ?? ''],
      ],
      rows.map(userView),
    );
  }
}
