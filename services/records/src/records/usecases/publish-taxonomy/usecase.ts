import { Inject, Injectable } from '@nestjs/common';
import { taxonomyInput, type Caller, type TaxonomyView } from '@cadre/contracts';
import { problems, validate } from '@cadre/platform';
import type { TaxonomyDocument } from '../../taxonomy.schema';
import { TaxonomyCatalog, taxonomyView } from '../../taxonomy-catalog';
import { mayPublishTaxonomy } from '../../domain/access';
import { taxonomyProblems } from '../../domain/taxonomy';
import type { PublishTaxonomyCommand } from './command';

/** An administrator publishes the next taxonomy version; records keep the version they were filed under. */
@Injectable()
export class PublishTaxonomyUseCase {
  constructor(@Inject(TaxonomyCatalog) private readonly taxonomy: TaxonomyCatalog) {}

  async execute({ caller, body }: PublishTaxonomyCommand): Promise<TaxonomyView> {
    const decision = mayPublishTaxonomy(caller);
    if (!decision.allowed) throw problems.forbidden(decision.reason);
    const publisher = caller as Caller; // allowed only with a caller
    const input = validate(taxonomyInput, body);
    const errors = taxonomyProblems(input.items);
    if (errors.length) throw problems.invalid(errors);
    const doc: TaxonomyDocument = { _id: (await this.taxonomy.latestVersion()) + 1, items: input.items, createdBy: publisher.userId, createdAt: new Date() };
    await this.taxonomy.add(doc);
    return taxonomyView(doc);
  }
}
