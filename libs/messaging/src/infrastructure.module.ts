import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { StreamSpec } from '@cadre/contracts';
import { connectMongo, pingMongo, Readiness } from '@cadre/platform';
import { EventPublisher } from './publisher';
import { OutboxRelay } from './outbox';

export const MONGO = Symbol('MONGO');

export interface InfrastructureOptions {
  service: string;
  logger: Logger;
  natsUrl: string;
  mongo?: { uri: string; dbName: string };
  /** Streams this service publishes to; ensured at start. */
  publishes?: readonly StreamSpec[];
  outboxSweepIntervalMs?: number;
}

@Injectable()
class InfrastructureLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly publisher: EventPublisher,
    @Inject(MONGO) private readonly mongo: Connection | null,
  ) {}

  onModuleInit() {
    // Registered models are known once every feature module's providers exist; the sweep runs after that.
    setImmediate(() => this.relay.start());
  }

  async onApplicationShutdown() {
    await this.relay.stop();
    await this.publisher.close();
    await this.mongo?.close();
  }
}

/**
 * What every service gets: its logger, its MongoDB connection (own database), the JetStream publisher,
 * the outbox relay, and the readiness checks behind `/readyz`.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        {
          provide: MONGO,
          useFactory: () => (options.mongo ? connectMongo(options.mongo) : null),
        },
        {
          provide: EventPublisher,
          useFactory: () => EventPublisher.connect(options.natsUrl, `${options.service}-publisher`, options.publishes ?? []),
        },
        {
          provide: OutboxRelay,
          inject: [EventPublisher],
          useFactory: (publisher: EventPublisher) =>
            new OutboxRelay(publisher, options.logger, { sweepIntervalMs: options.outboxSweepIntervalMs }),
        },
        {
          provide: Readiness,
          inject: [MONGO, EventPublisher],
          useFactory: (mongo: Connection | null, publisher: EventPublisher) => {
            const readiness = new Readiness();
            if (mongo) readiness.add('mongodb', () => pingMongo(mongo));
            readiness.add('nats', async () => {
              if (publisher.connection.isClosed()) throw new Error('NATS connection closed');
              await publisher.connection.flush();
            });
            return readiness;
          },
        },
        InfrastructureLifecycle,
      ],
      exports: [MONGO, EventPublisher, OutboxRelay, Readiness],
    };
  }
}
