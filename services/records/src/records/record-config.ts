import type { Provider } from '@nestjs/common';
import { config } from '../config';

/** Days after verification within which a participant may dispute their share (`RECORD_DISPUTE_WINDOW_DAYS`). */
export const DISPUTE_WINDOW_DAYS = Symbol('DISPUTE_WINDOW_DAYS');

export const disputeWindowProvider: Provider = { provide: DISPUTE_WINDOW_DAYS, useFactory: () => config.RECORD_DISPUTE_WINDOW_DAYS };
