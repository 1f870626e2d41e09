import './instrument';
import { createLogger } from '@cadre/platform';
import { runService } from '@cadre/messaging';
import { config } from './config';
import { AppModule } from './app.module';

const logger = createLogger('selection', config.LOG_LEVEL);

/** Durable consumer `selection`: the directory replica's events. */
runService({ service: 'selection', module: AppModule.register(logger), logger, natsUrl: config.NATS_URL, opsPort: config.OPS_PORT, consumer: { durable: 'selection' } }).catch((error) => {
  logger.fatal({ err: error }, 'selection failed to start');
  process.exit(1);
});
