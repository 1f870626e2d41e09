import './instrument';
import { createLogger } from '@cadre/platform';
import { runService } from '@cadre/messaging';
import { config } from './config';
import { AppModule } from './app.module';

const logger = createLogger('records', config.LOG_LEVEL);

runService({ service: 'records', module: AppModule.register(logger), logger, natsUrl: config.NATS_URL, opsPort: config.OPS_PORT, consumer: {} }).catch((error) => {
  logger.fatal({ err: error }, 'records failed to start');
  process.exit(1);
});
