import { common } from './common';
import { messages as records } from '../features/records/messages';
import { messages as tasks } from '../features/tasks/messages';
import { messages as admin } from '../features/admin/messages';
import { messages as insights } from '../features/insights/messages';
import { messages as files } from '../components/files/messages';
import { messages as inbox } from '../features/inbox/messages';
import { messages as workbench } from '../features/workbench/messages';
import { messages as appraisal } from '../features/appraisal/messages';
import { messages as selection } from '../features/selection/messages';
import { messages as selectionPublic } from '../features/selection/public/messages';
import { messages as appeals } from '../features/appeals/messages';
import { messages as dossier } from '../features/dossier/messages';
import type { zhCN } from './zh-CN';

/** Every key of zh-CN, in English (the type makes a missing one a build error). */
export const en: Record<keyof typeof zhCN, string> = { ...common.en, ...records.en, ...tasks.en, ...admin.en, ...insights.en, ...files.en, ...inbox.en, ...workbench.en, ...appraisal.en, ...selection.en, ...selectionPublic.en, ...appeals.en, ...dossier.en };
