import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DirectoryReader } from '../../directory-reader';

/**
 * At start: the name search keys (pinyin) of users written before they existed, once, in the background (a large
 * directory does not hold up the start; until a user is reached, `GET /people` computes the keys of the rows it
 * reads). Idempotent: a user that has its keys is not written again.
 */
@Injectable()
export class BackfillNameKeys implements OnApplicationBootstrap {
  private readonly logger = new Logger('BackfillNameKeys');
  private running?: Promise<number>;

  constructor(@Inject(DirectoryReader) private readonly reader: DirectoryReader) {}

  onApplicationBootstrap() {
    void this.execute().catch((error: unknown) => this.logger.error(`backfilling the name search keys failed: ${(error as Error).message}`));
  }

  /** Runs the pass (or joins the one under way) and answers how many users it wrote. */
  execute(): Promise<number> {
    this.running ??= this.reader.backfillNameKeys().then(
      (written) => {
        this.running = undefined;
        if (written > 0) this.logger.log(`wrote the name search keys of ${written} users`);
        return written;
      },
      (error: unknown) => {
        this.running = undefined;
        throw error;
      },
    );
    return this.running;
  }
}
