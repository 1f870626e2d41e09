import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { loginInput, loginViewSchema, type LoginInput } from '@cadre/contracts';
import { ValidBody } from '../http/validation';
import { apiSchema, okResponse, problemResponses } from '../http/openapi';
import { SignIn, type LoginResult } from './usecases/sign-in/usecase';
import { Public } from './auth.guard';

@ApiTags('identity')
@Controller('api/v1/auth')
export class AuthController {
  constructor(@Inject(SignIn) private readonly signIn: SignIn) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: a JWT for the Authorization header (HS256, expires)' })
  @ApiBody({ schema: apiSchema(loginInput, { username: 'wanghaijun', password: 'Haikou2026Gov' }) })
  @ApiSecurity({})
  @okResponse(loginViewSchema, { description: 'Signed in: the token and the user' })
  @problemResponses(400, 401, 429)
  login(@ValidBody(loginInput) input: LoginInput, @Req() request: FastifyRequest): Promise<LoginResult> {
    return this.signIn.execute({ ...input, ip: request.ip });
  }
}
