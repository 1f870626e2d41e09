import { Inject, Injectable } from '@nestjs/common';
import { RANK_LEVEL_LABELS, ROLE_LABELS, beijingDate, isExportFormat, labelOf, type ExportPage, type Page, type UserView } from '@cadre/contracts';
import { exportPage } from '@cadre/platform';
import { enforce, mayListUsers } from '../../domain/access';
import { DirectoryReader } from '../../directory-reader';
import { userView } from '../../views';
import type { ListUsersCommand } from './command';

/** Users (admin), filtered by department subtree, role, or a name/username search: a page, or a page of the export (by username). */
@Injectable()
export class ListUsers {
  constructor(@Inject(DirectoryReader) private readonly reader: DirectoryReader) {}

  async execute({ caller, query }: ListUsersCommand): Promise<Page<UserView> | ExportPage> {
    enforce(mayListUsers(caller));
    if (isExportFormat(query.format)) return this.export(query);
    const { rows, total } = await this.reader.userPage(query);
    return { items: rows.map(userView), total, page: query.page, pageSize: query.pageSize };
  }

  private async export(query: ListUsersCommand['query']): Promise<ExportPage> {
    const [{ rows, next }, departments] = await Promise.all([this.reader.exportRows(query, query.cursor), this.reader.departmentList()]);
    const names = new Map(departments.map((d) => [d.id, d.name]));
    return exportPage<UserView>(
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
      `users-${beijingDate(new Date())}.csv`,
      next,
    );
  }
}
