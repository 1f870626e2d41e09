import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { AggregateStore, OutboxRelay } from '@cadre/messaging';
import { DEPARTMENTS, USERS, type DepartmentDocument, type UserDocument } from './directory.schemas';

/** Departments are aggregates: every write is one versioned update carrying `directory.department.upserted`. */
@Injectable()
export class DepartmentStore extends AggregateStore<DepartmentDocument> {
  constructor(@Inject(DEPARTMENTS) model: Model<DepartmentDocument>, @Inject(OutboxRelay) relay: OutboxRelay) {
    super(model, relay, { producer: 'gateway', notFound: 'No such department.', noun: 'department' });
  }
}

/** Users are aggregates: every write is one versioned update carrying `directory.user.upserted`. */
@Injectable()
export class UserStore extends AggregateStore<UserDocument> {
  constructor(@Inject(USERS) model: Model<UserDocument>, @Inject(OutboxRelay) relay: OutboxRelay) {
    super(model, relay, { producer: 'gateway', notFound: 'No such user.', noun: 'user' });
  }
}
