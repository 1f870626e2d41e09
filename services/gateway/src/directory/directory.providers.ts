import type { Provider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@cadre/messaging';
import { DEPARTMENTS, USERS, departmentModel, userModel } from './persistence/directory.schemas';
import { DepartmentStore, UserStore } from './persistence/stores';
import { DirectoryCache } from './directory-cache';
import { DirectoryReader } from './directory-reader';
import { PeopleIndex } from './people-index';
import { PeopleIndexSync, peopleIndexOf, peopleIndexTtlMs } from './people-index.sync';
import { BootstrapDirectory } from './usecases/bootstrap-directory/usecase';
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
import { BackfillNameKeys } from './usecases/backfill-name-keys/usecase';

/** The directory's use cases: what its controllers (and the first start) call. */
export const DIRECTORY_USE_CASES = [
  ListDepartments,
  GetDepartment,
  CreateDepartment,
  UpdateDepartment,
  ListUsers,
  GetUser,
  CreateUser,
  UpdateUser,
  GetMe,
  BootstrapDirectory,
  SearchPeople,
  BackfillNameKeys,
];

/**
 * Everything the directory needs in the gateway's module: models, aggregate stores, the cache, reads, the people
 * index (PEOPLE_INDEX_TTL_MS, read here: default 60 s), use cases.
 */
export function directoryProviders(config: { DIRECTORY_CACHE_TTL_MS: number }): Provider[] {
  return [
    { provide: DEPARTMENTS, inject: [MONGO], useFactory: (connection: Connection) => departmentModel(connection) },
    { provide: USERS, inject: [MONGO], useFactory: (connection: Connection) => userModel(connection) },
    { provide: DirectoryCache, useFactory: () => new DirectoryCache(config.DIRECTORY_CACHE_TTL_MS) },
    DepartmentStore,
    UserStore,
    DirectoryReader,
    { provide: PeopleIndex, inject: [DirectoryReader], useFactory: (reader: DirectoryReader) => peopleIndexOf(reader, peopleIndexTtlMs()) },
    PeopleIndexSync,
    ...DIRECTORY_USE_CASES,
  ];
}
