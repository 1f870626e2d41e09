import { Schema, type Connection, type Model } from 'mongoose';
import type { TaxonomyItem } from '@cadre/contracts';

export interface TaxonomyDocument {
  _id: number;
  items: TaxonomyItem[];
  createdBy: string;
  createdAt: Date;
}

const TaxonomySchema = new Schema<TaxonomyDocument>(
  {
    _id: { type: Number, required: true },
    items: { type: [Schema.Types.Mixed], required: true } as never,
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'taxonomy_versions', versionKey: false, minimize: false },
);

export const TAXONOMY_MODEL = Symbol('TAXONOMY_MODEL');

export const taxonomyModel = (connection: Connection): Model<TaxonomyDocument> => connection.model<TaxonomyDocument>('Taxonomy', TaxonomySchema);
