import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { isDuplicateKeyError } from '@cadre/platform';

/**
 * The names of the teams seen in `tasks.team.*` events (for 评审 summaries: "攻坚队 的成果待评审"); a row moves only to
 * a newer team version (forward-only upsert, see docs/ARCHITECTURE.md "Idempotent consumers").
 */
@Injectable()
export class TeamNames {
  constructor(@Inject(MONGO) private readonly connection: Connection) {}

  private get teams() {
    if (!this.connection.db) throw new Error('team names: the connection is not open');
    return this.connection.db.collection<{ _id: string; name: string; version: number }>('inbox_teams');
  }

  async remember(teamId: string, name: string, version: number): Promise<void> {
    if (typeof teamId !== 'string' || typeof name !== 'string' || typeof version !== 'number') return;
    try {
      await this.teams.updateOne({ _id: teamId, version: { $lt: version } }, { $set: { name, version } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async names(teamIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(teamIds.filter((id) => typeof id === 'string'))];
    if (!ids.length) return new Map();
    const rows = await this.teams.find({ _id: { $in: ids } }).toArray();
    return new Map(rows.map((row) => [row._id, row.name]));
  }
}
