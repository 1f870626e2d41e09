import { APPLICATION_STATUS_LABELS, type ApplicationView } from '@cadre/contracts';
import type { ApplicationEntry } from './domain/application';

/** An application as the API shows it; `departmentName` the directory's current name (the stored one otherwise). */
export function applicationView(entry: ApplicationEntry, departmentName?: string): ApplicationView {
  return {
    id: entry.id,
    roundId: entry.roundId,
    roundName: entry.roundName,
    applicantType: entry.applicantType,
    applicantId: entry.applicantId,
    applicantName: entry.applicantName,
    departmentId: entry.departmentId,
    departmentName: departmentName || entry.departmentName,
    award: entry.award,
    statement: entry.statement,
    records: entry.records.map((r) => ({ recordId: r.recordId, title: r.title, itemCode: r.itemCode, itemName: r.itemName, verifiedAt: r.verifiedAt ?? null })),
    status: entry.status,
    statusLabel: APPLICATION_STATUS_LABELS[entry.status],
    recommendation: entry.recommendation
      ? { recommend: entry.recommendation.recommend, comment: entry.recommendation.comment, by: { id: entry.recommendation.by.id, name: entry.recommendation.by.name }, at: entry.recommendation.at }
      : null,
    drawn: entry.drawn,
    submittedBy: { id: entry.submittedBy.id, name: entry.submittedBy.name },
    submittedAt: entry.submittedAt,
    version: entry.version,
  };
}
