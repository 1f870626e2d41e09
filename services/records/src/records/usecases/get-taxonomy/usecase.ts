import { Inject, Injectable } from '@nestjs/common';
import type { TaxonomyView } from '@cadre/contracts';
import { TaxonomyCatalog } from '../../taxonomy-catalog';

/** The current taxonomy version, for anyone (the filing form's item picker). */
@Injectable()
export class GetTaxonomyUseCase {
  constructor(@Inject(TaxonomyCatalog) private readonly taxonomy: TaxonomyCatalog) {}

  execute(): Promise<TaxonomyView> {
    return this.taxonomy.current();
  }
}
