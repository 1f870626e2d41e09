import './instrument';
import { createLogger } from '@cadre/platform';
import { runService } from '@cadre/messaging';
import { config } from './config';
import { AppModule } from './app.module';
import { SCORING_CONSUMER } from './scoring/scoring-consumer';

const logger = createLogger('scoring', config.LOG_LEVEL);

runService({ service: 'scoring', module: AppModule.register(logger), logger, natsUrl: config.NATS_URL, opsPort: config.OPS_PORT, consumer: SCORING_CONSUMER }).catch((error) => {
  logger.fatal({ err: error }, 'scoring failed to start');
  process.exit(1);
});
