import { Inject, Injectable } from '@nestjs/common';
import { parseRankingScope, type RankingView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { DirectoryReplica } from '@cadre/directory';
import { unknownScopeError } from '../../domain/ranking';
import { RankingBoard, type RankingPageQuery } from '../../rankings/ranking-board';
import { Standards } from '../../standards/standards';
import { rankingsCsv, rankingsFilename } from './rankings-csv';
import type { ListRankingsCommand } from './command';

/** A page of a ranking (period and scope), or the whole of it as CSV. */
@Injectable()
export class ListRankings {
  constructor(
    @Inject(RankingBoard) private readonly board: RankingBoard,
    @Inject(Standards) private readonly standards: Standards,
    @Inject(DirectoryReplica) private readonly directory: DirectoryReplica,
  ) {}

  async execute({ query }: ListRankingsCommand): Promise<RankingView | { csv: string; filename: string }> {
    const scope = parseRankingScope(query.scope);
    const error = unknownScopeError(scope, scope.kind === 'department' && !!(await this.directory.department(scope.departmentId)));
    if (error) throw problems.invalid([error]);
    if (query.format === 'csv') {
      const all = await this.page({ ...query, page: 1, pageSize: Number.MAX_SAFE_INTEGER });
      return { csv: rankingsCsv(all.items), filename: rankingsFilename(query.period, query.scope) };
    }
    return this.page(query);
  }

  /** Before any calculation the page is empty, under the active standard's version. */
  private async page(query: RankingPageQuery): Promise<RankingView> {
    const page = await this.board.page(query);
    return { ...page, standardVersion: page.standardVersion ?? (await this.standards.active()).version };
  }
}
