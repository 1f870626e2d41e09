import { Inject, Injectable } from '@nestjs/common';
import { isExportFormat, parseRankingScope, type ExportPage, type RankingView } from '@cadre/contracts';
import { exportPageSize, problems } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { unknownScopeError, withNames } from '../../domain/ranking';
import { RankingBoard, type RankingPageQuery } from '../../rankings/ranking-board';
import { DirectoryNames } from '../../rankings/directory-names';
import { Standards } from '../../standards/standards';
import { rankingsExportPage, rankingsFilename } from './rankings-csv';
import { nameMatcher } from './name-match';
import type { ListRankingsCommand } from './command';

/** A page of a ranking (period and scope), or a page of its export (CSV/XLSX). */
@Injectable()
export class ListRankings {
  constructor(
    @Inject(RankingBoard) private readonly board: RankingBoard,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
    @Inject(DirectoryNames) private readonly names: DirectoryNames,
  ) {}

  async execute({ query }: ListRankingsCommand): Promise<RankingView | ExportPage> {
    const scope = parseRankingScope(query.scope);
    const error = unknownScopeError(scope, scope.kind === 'department' && !!(await this.directory.department(scope.departmentId)));
    if (error) throw problems.invalid([error]);
    if (isExportFormat(query.format)) {
      // Export pages are pages of the ranking (cheap from its sorted set), `cursor` the number of the next one.
      const number = query.cursor ? Number(query.cursor) : 1;
      if (!Number.isInteger(number) || number < 1) throw problems.invalid([{ path: 'cursor', message: 'must be the next cursor of an export page' }]);
      const size = exportPageSize();
      const part = await this.page({ ...query, page: number, pageSize: size });
      const next = number * size < part.total ? String(number + 1) : null;
      return rankingsExportPage(part.items, part.calculatedAt, rankingsFilename(query.period, query.scope), next);
    }
    return this.page(query);
  }

  /**
   * Before any calculation the page is empty, under the active standard's version. Rows carry their department's
   * name (and the cadre's, for a row ranked before the directory knew the cadre), read from the directory now.
   */
  private async page(query: RankingPageQuery & { q?: string }): Promise<RankingView> {
    if (query.q) return this.found(query, query.q);
    const page = await this.board.page(query);
    return this.named(page);
  }

  /** The rows whose cadre `q` finds (by the name read now), paged after the filter; ranks stay those of the scope. */
  private async found(query: RankingPageQuery, q: string): Promise<RankingView> {
    const found = nameMatcher(q);
    const whole = await this.named(await this.board.page({ ...query, page: 1, pageSize: Number.MAX_SAFE_INTEGER }));
    const matches = whole.items.filter((item) => found(item.name));
    const start = (query.page - 1) * query.pageSize;
    return { ...whole, items: matches.slice(start, start + query.pageSize), total: matches.length, page: query.page, pageSize: query.pageSize };
  }

  private async named(page: Awaited<ReturnType<RankingBoard['page']>>): Promise<RankingView> {
    const [departments, users] = await Promise.all([
      this.names.departments(page.items.map((item) => item.departmentId)),
      this.names.users(page.items.filter((item) => !item.name).map((item) => item.cadreId)),
    ]);
    return { ...page, items: withNames(page.items, departments, users), standardVersion: page.standardVersion ?? (await this.standards.active()).version };
  }
}
