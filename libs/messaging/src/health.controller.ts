import { Controller, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { RPC, type HealthReply, type ServiceName } from '@cadre/contracts';
import { serviceVersion } from '@cadre/platform';

/** The request-reply health answer every service gives on `rpc.<service>.health`. */
export function healthController(service: ServiceName, version = serviceVersion()): Type<unknown> {
  @Controller()
  class HealthController {
    @MessagePattern(RPC.health(service))
    health(): HealthReply {
      return { service, status: 'ok', version };
    }
  }
  return HealthController;
}
