import './instrument';
import { createLogger } from '@cadre/platform';
import { runService } from '@cadre/messaging';
import { config } from './config';
import { AppModule } from './app.module';
import { NOTIFICATIONS_CONSUMER } from './events/consumer';

const logger = createLogger('notifications', config.LOG_LEVEL);

runService({ service: 'notifications', module: AppModule.register(logger), logger, natsUrl: config.NATS_URL, opsPort: config.OPS_PORT, consumer: NOTIFICATIONS_CONSUMER }).catch((error) => {
  logger.fatal({ err: error }, 'notifications failed to start');
  process.exit(1);
});
