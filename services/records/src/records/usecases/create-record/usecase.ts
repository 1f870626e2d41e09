import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RecordDetailView } from '@cadre/contracts';
import { problems } from '@cadre/platform';
import { RECORD_STORE, type RecordStore } from '../../record-store';
import { RecordRules } from '../../record-rules';
import { TaxonomyCatalog } from '../../taxonomy-catalog';
import { DuplicateEvidence } from '../../duplicate-evidence';
import { EvidenceFiles } from '../../../files/evidence-files';
import { detailView } from '../../record-view';
import { mayFile } from '../../domain/access';
import { normaliseParticipants } from '../../domain/participants';
import { draftRecord } from '../../domain/record-changes';
import { parseDraft, type CreateRecordCommand } from './command';

/** A cadre files a draft under the current taxonomy; `records.record.created` announces it. */
@Injectable()
export class CreateRecordUseCase {
  constructor(
    @Inject(RECORD_STORE) private readonly store: RecordStore,
    @Inject(RecordRules) private readonly rules: RecordRules,
    @Inject(TaxonomyCatalog) private readonly taxonomy: TaxonomyCatalog,
    @Inject(DuplicateEvidence) private readonly duplicates: DuplicateEvidence,
    @Inject(EvidenceFiles) private readonly evidenceFiles: EvidenceFiles,
  ) {}

  async execute({ caller: who, draft }: CreateRecordCommand): Promise<RecordDetailView> {
    const decision = mayFile(who);
    if (!decision.allowed) throw problems.forbidden(decision.reason);
    const taxonomy = await this.taxonomy.current();
    const people = this.rules.people();
    const input = await parseDraft(this.rules, this.evidenceFiles, draft, who.userId, taxonomy.version, people);
    const id = randomUUID();
    const now = new Date();
    const participants = await this.rules.named(who, normaliseParticipants(who.userId, input.participants), people);
    const fileIds = input.evidence.map((e) => e.fileId);
    const evidence = await this.evidenceFiles.resolve(fileIds);
    const flags = await this.duplicates.flags(evidence.map((e) => e.sha256), id);
    const { record, events } = draftRecord({ id, who, input, evidence, taxonomyVersion: taxonomy.version, participants, flags, now });
    const claimed = await this.evidenceFiles.claim(id, who.userId, fileIds);
    try {
      await this.store.create(record, events);
    } catch (error) {
      await this.evidenceFiles.release(id, claimed);
      throw error;
    }
    await this.duplicates.settled(id);
    return detailView(record);
  }
}
