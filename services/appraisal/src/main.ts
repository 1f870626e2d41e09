import './instrument';
import { createLogger } from '@cadre/platform';
import { runService } from '@cadre/messaging';
import { config } from './config';
import { AppModule } from './app.module';

const logger = createLogger('appraisal', config.LOG_LEVEL);

/** Durable consumer `appraisal`: the directory replica's events (and the survey's collaborators, when it consumes them). */
runService({ service: 'appraisal', module: AppModule.register(logger), logger, natsUrl: config.NATS_URL, opsPort: config.OPS_PORT, consumer: { durable: 'appraisal' } }).catch((error) => {
  logger.fatal({ err: error }, 'appraisal failed to start');
  process.exit(1);
});
