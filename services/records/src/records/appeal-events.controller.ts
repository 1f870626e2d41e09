import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SELECTION_EVENTS, type EventEnvelope, type SelectionAppealV1 } from '@cadre/contracts';
import { DurableEvent } from '@cadre/messaging';
import { ReopenOnAppealUseCase } from './usecases/reopen-on-appeal/usecase';

/**
 * The durable consumer `records` on SELECTION (beside DIRECTORY, through the directory replica): of the selection
 * service's events only a decided appeal matters; the others are acknowledged and skipped. The transport creates the
 * stream when it does not exist yet, so records starts before the selection service ever published.
 */
@Controller()
export class AppealEventsController {
  constructor(@Inject(ReopenOnAppealUseCase) private readonly reopen: ReopenOnAppealUseCase) {}

  @DurableEvent(SELECTION_EVENTS.appealDecided)
  async onAppealDecided(@Payload() event: EventEnvelope<SelectionAppealV1>): Promise<void> {
    await this.reopen.execute({ appeal: event.data });
  }
}
