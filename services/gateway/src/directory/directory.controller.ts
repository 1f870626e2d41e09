import { Controller, Get, HttpCode, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  idSchema,
  createDepartmentInput,
  createUserInput,
  updateDepartmentInput,
  updateUserInput,
  userListQuery,
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
import { ProblemException, toCsv, validate } from '@cadre/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Roles, type AuthenticatedRequest } from '../auth/auth.guard';
import { sendCsv } from '../http/csv';
import { ValidBody, ValidQuery } from '../http/validation';
import { apiSchema, createdResponse, okJsonOrCsvResponse, okResponse, problemResponses } from '../http/openapi';
import { DirectoryService, userView } from './directory.service';

const RANK_NAMES: Record<string, string> = { division: '处级', section: '科级', staff: '科员' };

const idParam = idSchema;
const parseId = (id: string) => validate(z.object({ id: idParam }), { id }).id;

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1')
export class MeController {
  constructor(@Inject(DirectoryService) private readonly directory: DirectoryService) {}

  @Get('me')
  @ApiOperation({ summary: 'The caller: id, name, roles, department, rank level (read from the gateway directory)' })
  @okResponse(meViewSchema)
  @problemResponses(401)
  async me(@Req() request: AuthenticatedRequest): Promise<MeView> {
    // The guard already holds the caller's (briefly cached) directory row.
    const departments = await this.directory.listDepartments();
    return { ...userView(request.user), department: departments.find((d) => d.id === request.user.departmentId) ?? null };
  }
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/departments')
export class DepartmentsController {
  constructor(@Inject(DirectoryService) private readonly directory: DirectoryService) {}

  @Get()
  @ApiOperation({ summary: 'The department tree as a list (each with parentId and path from the root)' })
  @okResponse(departmentListViewSchema)
  @problemResponses(401)
  async list(): Promise<DepartmentListView> {
    const items = await this.directory.listDepartments();
    return { items, total: items.length };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One department' })
  @okResponse(departmentViewSchema)
  @problemResponses(401, 404)
  get(@Param('id') id: string): Promise<DepartmentView> {
    return this.directory.getDepartment(parseId(id));
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Create a department under a parent (admin)' })
  @ApiBody({ schema: apiSchema(createDepartmentInput, { name: '龙华区', code: 'LONGHUA', parentId: '0b6c3f4e-7f1a-4d2b-9c3e-5a8d2e1f4b7c' }) })
  @createdResponse(departmentViewSchema)
  @problemResponses(400, 401, 403, 409)
  create(@ValidBody(createDepartmentInput) input: CreateDepartmentInput): Promise<DepartmentView> {
    return this.directory.createDepartment(input);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, recode or move a department (admin); a move rebases the subtree and its users' })
  @ApiBody({ schema: apiSchema(updateDepartmentInput, { name: '龙华区委组织部' }) })
  @okResponse(departmentViewSchema)
  @problemResponses(400, 401, 403, 404, 409)
  update(@Param('id') id: string, @ValidBody(updateDepartmentInput) input: UpdateDepartmentInput): Promise<DepartmentView> {
    return this.directory.updateDepartment(parseId(id), input);
  }
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(@Inject(DirectoryService) private readonly directory: DirectoryService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Users, filtered by department subtree, role, or a name/username search (admin)' })
  @ApiQuery({ name: 'page', required: false, example: 1 })
  @ApiQuery({ name: 'pageSize', required: false, example: 20, description: 'at most 100' })
  @ApiQuery({ name: 'departmentId', required: false })
  @ApiQuery({ name: 'role', required: false })
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @okJsonOrCsvResponse(userPageViewSchema)
  @problemResponses(400, 401, 403)
  async list(@ValidQuery(userListQuery) query: UserListQuery, @Res() reply: FastifyReply) {
    if (query.format !== 'csv') return reply.send(await this.directory.listUsers(query));
    const [users, departments] = await Promise.all([this.directory.exportUsers(query), this.directory.listDepartments()]);
    const names = new Map(departments.map((d) => [d.id, d.name]));
    const csv = toCsv<UserView>(
      [
        ['用户名', (u) => u.username],
        ['姓名', (u) => u.name],
        ['工号', (u) => u.staffNo],
        ['单位', (u) => names.get(u.departmentId) ?? u.departmentId],
        ['角色', (u) => u.roles.join(' ')],
        ['职级', (u) => RANK_NAMES[u.rankLevel] ?? u.rankLevel],
        ['职务', (u) => u.title],
        ['状态', (u) => (u.active ? '在用' : '停用')],
      ],
      users,
    );
    return sendCsv(reply, csv, 'users.csv');
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user (admin); the password must meet the policy' })
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
    }),
  })
  @createdResponse(userViewSchema)
  @problemResponses(400, 401, 403, 409)
  create(@ValidBody(createUserInput) input: CreateUserInput): Promise<UserView> {
    return this.directory.createUser(input);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (admin, or the user themself)' })
  @okResponse(userViewSchema)
  @problemResponses(401, 403, 404)
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<UserView> {
    const userId = parseId(id);
    if (!request.caller.roles.includes('admin') && request.caller.userId !== userId) {
      throw new ProblemException(403, 'Only administrators may read other users.');
    }
    return this.directory.getUser(userId);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a user (admin): department, roles, rank, title, active, password' })
  @ApiBody({ schema: apiSchema(updateUserInput, { roles: ['cadre', 'reviewer'], active: true }) })
  @okResponse(userViewSchema)
  @problemResponses(400, 401, 403, 404, 409)
  update(@Param('id') id: string, @ValidBody(updateUserInput) input: UpdateUserInput): Promise<UserView> {
    return this.directory.updateUser(parseId(id), input);
  }
}
