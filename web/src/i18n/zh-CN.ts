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

export const zhCN = { ...common.zh, ...records.zh, ...tasks.zh, ...admin.zh, ...insights.zh, ...files.zh, ...inbox.zh, ...workbench.zh, ...appraisal.zh, ...selection.zh, ...selectionPublic.zh, ...appeals.zh, ...dossier.zh };
