import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { AppealStatus } from '@cadre/contracts';
import { DocumentLocks, isDuplicateKeyError, problems } from '@cadre/platform';
import { APPEAL_KEY_MODEL, type AppealKeyDocument } from './appeal.schema';
import { heldKeyState } from './domain/keys';

/**
 * "One pending appeal per subject and person": a key claimed by a unique `_id` insert before the appeal is written,
 * released when the write fails or the appeal is decided. Within this process a key's claim and filing run under
 * its lock; a key left behind (a failed filing, a decided appeal whose key was not released) is released by the next
 * filing.
 */
@Injectable()
export class AppealKeys {
  private readonly locks = new DocumentLocks();
  /** This process (a claim of another process whose appeal is not written yet may be a filing in progress there). */
  private readonly processToken = randomUUID();

  constructor(@Inject(APPEAL_KEY_MODEL) private readonly keys: Model<AppealKeyDocument>) {}

  /**
   * Claims `key` for `appealId` and runs `file`; when `file` fails and the appeal is not there, releases the key.
   * `statusOf` reads an appeal's status (null when it does not exist).
   */
  async filing<T>(key: string, appealId: string, statusOf: (appealId: string) => Promise<AppealStatus | null>, file: () => Promise<T>): Promise<T> {
    return this.locks.run('appeal_keys', key, async () => {
      await this.claim(key, appealId, statusOf);
      try {
        return await file();
      } catch (error) {
        if ((await statusOf(appealId).catch(() => 'unknown')) === null) await this.release(key, appealId).catch(() => undefined);
        throw error;
      }
    });
  }

  /** Releases the key if `appealId` still holds it (idempotent). */
  async release(key: string, appealId: string): Promise<void> {
    await this.locks.run('appeal_keys', key, () => this.releaseHeld(key, appealId));
  }

  private async releaseHeld(key: string, appealId: string): Promise<void> {
    const held = await this.keys.findById(key).lean<AppealKeyDocument>();
    if (held?.appealId === appealId) await this.keys.deleteOne({ _id: key });
  }

  private async claim(key: string, appealId: string, statusOf: (appealId: string) => Promise<AppealStatus | null>): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.keys.create({ _id: key, appealId, claimedAt: new Date(), claimedBy: this.processToken });
        return;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const held = await this.keys.findById(key).lean<AppealKeyDocument>();
      if (!held) continue;
      const state = heldKeyState(held, await statusOf(held.appealId), new Date(), this.processToken);
      if (state === 'pending') throw problems.conflict('您对该事项的申诉正在处理中，不能重复申诉');
      if (state === 'filing') throw problems.conflict('您对该事项的申诉正在提交，请稍后再试');
      await this.releaseHeld(key, held.appealId);
    }
    throw problems.conflict('您对该事项的申诉正在提交，请稍后再试');
  }
}
