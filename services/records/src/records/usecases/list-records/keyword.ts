import mongoose from 'mongoose';

/** `text` as a regular expression that matches it literally (it is user input). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Records whose title or filer's name contains `keyword`, case-insensitive (a `$regex` FerretDB v1 answers too). */
export function keywordFilter(keyword: string): Record<string, unknown> {
  const contains = () => mongoose.trusted({ $regex: escapeRegex(keyword), $options: 'i' });
  return { $or: [{ title: contains() }, { cadreName: contains() }] };
}
