import { Inject, Injectable } from '@nestjs/common';
import type { Caller, RecordDetailView, RecordStatus } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import type { RecordDocument } from '../../record.schema';
import { RECORD_STORE, visibleRecord, type RecordStore } from '../../record-store';
import { RecordRules } from '../../record-rules';
import { TaxonomyCatalog } from '../../taxonomy-catalog';
import { DuplicateEvidence } from '../../duplicate-evidence';
import { EvidenceFiles } from '../../../files/evidence-files';
import { detailView } from '../../record-view';
import { mayEdit } from '../../domain/access';
import { isEditable } from '../../domain/workflow';
import { normaliseParticipants } from '../../domain/participants';
import { carriedConfirmations } from '../../domain/shares';
import { editChange, editedContent, taxonomyVersionFor } from '../../domain/record-changes';
import { parseEdit, type UpdateRecordCommand } from './command';

/** The filer edits their draft at the version they read (any other: 409); `records.record.updated` announces it. */
@Injectable()
export class UpdateRecordUseCase {
  constructor(
    @Inject(RECORD_STORE) private readonly store: RecordStore,
    @Inject(RecordRules) private readonly rules: RecordRules,
    @Inject(TaxonomyCatalog) private readonly taxonomy: TaxonomyCatalog,
    @Inject(DuplicateEvidence) private readonly duplicates: DuplicateEvidence,
    @Inject(EvidenceFiles) private readonly evidenceFiles: EvidenceFiles,
  ) {}

  async execute({ caller: who, id, edit }: UpdateRecordCommand): Promise<RecordDetailView> {
    const input = await parseEdit(this.rules, this.evidenceFiles, edit, { userId: who.userId, recordId: id }, () => this.filedUnder(id));
    const fileIds = input.evidence?.map((e) => e.fileId);
    let claimed: string[] = [];
    let dropped: string[] = [];
    const written = this.store.change(
      id,
      async (record) => {
        const evidence = fileIds ? await this.evidenceFiles.resolve(fileIds) : undefined;
        const content = editedContent(record, input, evidence);
        const shares = input.participants ? normaliseParticipants(who.userId, input.participants) : record.participants;
        const current = await this.taxonomy.current();
        const taxonomyVersion = taxonomyVersionFor(record, content.itemCode, current.version);
        const people = this.rules.people();
        const errors = await this.rules.problems(who.userId, { ...content, participants: shares }, taxonomyVersion, people);
        if (errors.length) throw problems.invalid(errors);
        const participants = input.participants ? carriedConfirmations(record.participants, await this.rules.named(who, shares, people)) : record.participants;
        const flags = await this.duplicates.flags(content.evidence.map((e) => e.sha256), id);
        if (fileIds) {
          claimed = await this.evidenceFiles.claim(id, who.userId, fileIds);
          dropped = record.evidence.flatMap((e) => (e.fileId && !fileIds.includes(e.fileId) ? [e.fileId] : []));
        }
        return editChange(record, { content, participants, taxonomyVersion, flags }, who, new Date());
      },
      { load: () => this.editable(who, id), expectedVersion: input.version },
    );
    try {
      await written;
    } catch (error) {
      await this.evidenceFiles.release(id, claimed);
      throw error;
    }
    await this.evidenceFiles.release(id, dropped);
    await this.duplicates.settled(id);
    return detailView(await visibleRecord(this.store, who, id));
  }

  /** The record if the caller may edit it now: 404 unseen, 403 not the filer, 409 not a draft. */
  private async editable(who: Caller, id: string): Promise<RecordDocument> {
    const record = await visibleRecord(this.store, who, id);
    const decision = mayEdit(who, record);
    if (!decision.allowed) throw problems.forbidden(decision.reason);
    if (!isEditable(record.status as RecordStatus)) throw problems.conflict(`Only a draft can be edited; this record is "${record.status}".`);
    return record;
  }

  private async filedUnder(id: string): Promise<number | undefined> {
    const record = await this.store.model.findById(id, { taxonomyVersion: 1 }).lean<{ taxonomyVersion: number }>();
    return record?.taxonomyVersion;
  }
}
