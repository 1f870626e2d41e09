import type { RecordDetailView, RecordStatus } from '@cadre/contracts';
import type { RecordDocument } from './record.schema';

/** A record as the API shows it (dates as ISO strings, the outbox left out). */
export function detailView(record: RecordDocument): RecordDetailView {
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    id: record._id,
    version: record.version,
    status: record.status as RecordStatus,
    cadreId: record.cadreId,
    cadreName: record.cadreName,
    departmentId: record.departmentId,
    departmentPath: record.departmentPath,
    itemCode: record.itemCode,
    firstLevelCode: record.firstLevelCode,
    taxonomyVersion: record.taxonomyVersion,
    title: record.title,
    description: record.description,
    periodStart: record.periodStart,
    periodEnd: record.periodEnd,
    impactLevel: record.impactLevel as RecordDetailView['impactLevel'],
    confirmedImpactLevel: record.confirmedImpactLevel as RecordDetailView['confirmedImpactLevel'],
    rating: record.rating as RecordDetailView['rating'],
    results: record.results,
    evidence: record.evidence.map((e) =>
      e.fileId
        ? { fileId: e.fileId, name: e.name, mediaType: e.mediaType, size: e.size, sha256: e.sha256, stored: true }
        : { fileId: null, name: e.name, mediaType: e.mediaType, size: e.size, sha256: e.sha256, stored: false, ...(e.storageKey ? { storageKey: e.storageKey } : {}) },
    ),
    duplicateEvidence: record.duplicateEvidence,
    duplicateOf: record.duplicateOf,
    participants: record.participants,
    history: record.history.map((h) => ({ action: h.action, from: h.from, to: h.to, actorId: h.actorId, actorName: h.actorName, at: new Date(h.at).toISOString(), comment: h.comment, version: h.version })),
    submittedAt: iso(record.submittedAt),
    verifiedAt: iso(record.verifiedAt),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}
