/**
 * The gateway's OpenAPI document built in process: its controllers (as AppModule declares them) in a module of their
 * own, whatever their constructors inject stood in for by an empty object. No network, no infrastructure.
 */
import 'reflect-metadata';
import { Module, type INestApplication, type Type } from '@nestjs/common';
import { PARAMTYPES_METADATA, SELF_DECLARED_DEPS_METADATA } from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from '../src/app.module';
import { config } from '../src/config';
import { buildOpenApiDocument } from '../src/http/openapi';

/** The gateway's controllers, as its module declares them. */
export const gatewayControllers = (AppModule.register(config, {} as Logger).controllers ?? []) as Type[];

function injectedTokens(): unknown[] {
  const tokens = new Set<unknown>();
  for (const controller of gatewayControllers) {
    const declared = (Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, controller) ?? []) as { index: number; param: unknown }[];
    const types = (Reflect.getMetadata(PARAMTYPES_METADATA, controller) ?? []) as unknown[];
    types.forEach((type, index) => tokens.add(declared.find((d) => d.index === index)?.param ?? type));
  }
  return [...tokens];
}

@Module({
  controllers: gatewayControllers,
  providers: injectedTokens().map((token) => ({ provide: token as string, useValue: {} })),
})
class DocumentModule {}

/** The document and the application that made it (close it when done). */
export async function gatewayOpenApiDocument(): Promise<{ app: INestApplication; document: OpenAPIObject }> {
  const app = await NestFactory.create(DocumentModule, new FastifyAdapter(), { logger: false });
  return { app, document: buildOpenApiDocument(app) };
}
