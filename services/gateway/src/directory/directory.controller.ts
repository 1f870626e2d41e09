import { Controller, Get, HttpCode, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  idSchema,
  createDepartmentInput,
  createUserInput,
  updateDepartmentInput,
  updateUserInput,
  userListQuery,
  peopleQuery,
  peopleViewSchema,
  type PeopleQuery,
  type PeopleView,
  type CreateDepartmentInput,
  type CreateUserInput,
  departmentListViewSchema,
  departmentViewSchema,
  meViewSchema,
  userPageViewSchema,
  userViewSchema,
  type DepartmentListView,
  type DepartmentView,
  type MeView,
  type UpdateDepartmentInput,
  type UpdateUserInput,
  type UserListQuery,
  type UserView,
} from '@cadre/contracts';
import { validate } from '@cadre/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Roles, type AuthenticatedRequest } from '../auth/auth.guard';
import { sendListOrExport } from '../http/export-stream';
import { ValidBody, ValidQuery } from '../http/validation';
import { apiSchema, createdResponse, okJsonOrCsvResponse, okResponse, problemResponses } from '../http/openapi';
import { DIRECTORY_MANAGERS } from './domain/access';
import { CreateDepartment } from './usecases/create-department/usecase';
import { CreateUser } from './usecases/create-user/usecase';
import { GetDepartment } from './usecases/get-department/usecase';
import { GetMe } from './usecases/get-me/usecase';
import { GetUser } from './usecases/get-user/usecase';
import { ListDepartments } from './usecases/list-departments/usecase';
import { ListUsers } from './usecases/list-users/usecase';
import { UpdateDepartment } from './usecases/update-department/usecase';
import { UpdateUser } from './usecases/update-user/usecase';
import { SearchPeople } from './usecases/search-people/usecase';

const idParam = idSchema;
const parseId = (id: string) => validate(z.object({ id: idParam }), { id }).id;

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1')
export class MeController {
  constructor(@Inject(GetMe) private readonly getMe: GetMe) {}

  @Get('me')
  @ApiOperation({ summary: 'The caller: id, name, roles, department, rank level (read from the gateway directory)' })
  @okResponse(meViewSchema)
  @problemResponses(401)
  async me(@Req() request: AuthenticatedRequest): Promise<MeView> {
    // The guard already holds the caller's (briefly cached) directory row.
    return this.getMe.execute({ user: request.user });
  }
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/departments')
export class DepartmentsController {
  constructor(
    @Inject(ListDepartments) private readonly listDepartments: ListDepartments,
    @Inject(GetDepartment) private readonly getDepartment: GetDepartment,
    @Inject(CreateDepartment) private readonly createDepartment: CreateDepartment,
    @Inject(UpdateDepartment) private readonly updateDepartment: UpdateDepartment,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The department tree as a list (each with parentId and path from the root)' })
  @okResponse(departmentListViewSchema)
  @problemResponses(401)
  async list(): Promise<DepartmentListView> {
    return this.listDepartments.execute();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One department' })
  @okResponse(departmentViewSchema)
  @problemResponses(401, 404)
  get(@Param('id') id: string): Promise<DepartmentView> {
    return this.getDepartment.execute({ id: parseId(id) });
  }

  @Post()
  @HttpCode(201)
  @Roles(...DIRECTORY_MANAGERS)
  @ApiOperation({ summary: 'Create a department under a parent (admin)' })
  @ApiBody({ schema: apiSchema(createDepartmentInput, { name: '龙华区', code: 'LONGHUA', parentId: '0b6c3f4e-7f1a-4d2b-9c3e-5a8d2e1f4b7c' }) })
  @createdResponse(departmentViewSchema)
  @problemResponses(400, 401, 403, 409)
  create(@Req() request: AuthenticatedRequest, @ValidBody(createDepartmentInput) input: CreateDepartmentInput): Promise<DepartmentView> {
    return this.createDepartment.execute({ caller: request.caller, input });
  }

  @Patch(':id')
  @Roles(...DIRECTORY_MANAGERS)
  @ApiOperation({ summary: 'Rename, recode or move a department (admin); a move rebases the subtree and its users' })
  @ApiBody({ schema: apiSchema(updateDepartmentInput, { name: '龙华区委组织部' }) })
  @okResponse(departmentViewSchema)
  @problemResponses(400, 401, 403, 404, 409)
  update(@Req() request: AuthenticatedRequest, @Param('id') id: string, @ValidBody(updateDepartmentInput) input: UpdateDepartmentInput): Promise<DepartmentView> {
    return this.updateDepartment.execute({ caller: request.caller, id: parseId(id), input });
  }
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(
    @Inject(ListUsers) private readonly listUsers: ListUsers,
    @Inject(GetUser) private readonly getUser: GetUser,
    @Inject(CreateUser) private readonly createUser: CreateUser,
    @Inject(UpdateUser) private readonly updateUser: UpdateUser,
  ) {}

  @Get()
  @Roles(...DIRECTORY_MANAGERS)
  @ApiOperation({ summary: 'Users, filtered by department subtree, role, or a name/username search (admin)' })
  @ApiQuery({ name: 'page', required: false, example: 1 })
  @ApiQuery({ name: 'pageSize', required: false, example: 20, description: 'at most 100' })
  @ApiQuery({ name: 'departmentId', required: false })
  @ApiQuery({ name: 'role', required: false })
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @okJsonOrCsvResponse(userPageViewSchema)
  @problemResponses(400, 401, 403)
  async list(@Req() request: AuthenticatedRequest, @ValidQuery(userListQuery) query: UserListQuery, @Res() reply: FastifyReply) {
    return sendListOrExport(reply, query, (q) => this.listUsers.execute({ caller: request.caller, query: q as UserListQuery }));
  }

  @Post()
  @HttpCode(201)
  @Roles(...DIRECTORY_MANAGERS)
  @ApiOperation({ summary: 'Create a user (admin); the password must meet the policy; the e-mail address (optional) is only for notifications and shown only to admins and the user' })
  @ApiBody({
    schema: apiSchema(createUserInput, {
      username: 'wanghaijun',
      password: 'Haikou2026Gov',
      name: '王海军',
      staffNo: 'HK-000123',
      departmentId: '0b6c3f4e-7f1a-4d2b-9c3e-5a8d2e1f4b7c',
      roles: ['cadre'],
      rankLevel: 'section',
      title: '招商科科长',
      email: 'wanghaijun@example.gov.cn',
    }),
  })
  @createdResponse(userViewSchema)
  @problemResponses(400, 401, 403, 409)
  create(@Req() request: AuthenticatedRequest, @ValidBody(createUserInput) input: CreateUserInput): Promise<UserView> {
    return this.createUser.execute({ caller: request.caller, input });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (admin, or the user themself)' })
  @okResponse(userViewSchema)
  @problemResponses(401, 403, 404)
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<UserView> {
    return this.getUser.execute({ caller: request.caller, id: parseId(id) });
  }

  @Patch(':id')
  @Roles(...DIRECTORY_MANAGERS)
  @ApiOperation({ summary: 'Change a user (admin): department, roles, rank, title, active, password, e-mail (null removes it)' })
  @ApiBody({ schema: apiSchema(updateUserInput, { roles: ['cadre', 'reviewer'], active: true }) })
  @okResponse(userViewSchema)
  @problemResponses(400, 401, 403, 404, 409)
  update(@Req() request: AuthenticatedRequest, @Param('id') id: string, @ValidBody(updateUserInput) input: UpdateUserInput): Promise<UserView> {
    return this.updateUser.execute({ caller: request.caller, id: parseId(id), input });
  }
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/people')
export class PeopleController {
  constructor(@Inject(SearchPeople) private readonly searchPeople: SearchPeople) {}

  @Get()
  @ApiOperation({
    summary:
      'People found by name for any signed-in user (the console’s people pickers): the characters of a name (海军) or its pinyin initials (whj) or full pinyin, best match first; name, department, title and rank only',
  })
  @ApiQuery({ name: 'q', required: false, description: 'characters of the name or the start of its pinyin (case-insensitive); empty: the department’s people', schema: { type: 'string', maxLength: 40 } })
  @ApiQuery({ name: 'departmentId', required: false, description: 'only people of this department’s subtree', schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 } })
  @okResponse(peopleViewSchema)
  @problemResponses(400, 401)
  search(@Req() request: AuthenticatedRequest, @ValidQuery(peopleQuery) query: PeopleQuery): Promise<PeopleView> {
    return this.searchPeople.execute({ caller: request.caller, query });
  }
}
