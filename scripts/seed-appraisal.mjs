// Demo appraisals (考评情况 / 民主测评, issue #21) for scripts/seed.mjs, through the public API (docs/API.md
// "Appraisal"), after the records and tasks:
//  - a closed 平时考核 of 龙华区投资促进局 (2026-Q3): every grade confirmed (one returned first and revised), its
//    民主测评 voted and closed, so grades and survey results show in the combined view, the portraits and analytics;
//  - an open 2026 年度考核 of 龙华区 with its 民主测评: the bureau's 考核专员 linxue has graded part of 投资促进局
//    (two 优秀 within the 20% quota, some confirmed by the organisation department, one returned with a reason, some
//    waiting for review, the rest not graded yet); part of the raters have voted, the demo logins (wanghaijun …)
//    not, so the rater page has work.
// Tolerant: each step that fails is reported and the rest goes on; it never throws (npm start must come up).

const APPRAISER = 'linxue';
const ASSESSOR = 'zhaolei';
/** Demo logins that keep their ballots for the person trying the console. */
const KEEP_BALLOTS = new Set(['wanghaijun', 'chenxiaomei']);

const ANNUAL_COMMENTS = {
  excellent: ['年度招商引资任务超额完成，牵头引进重点项目，实绩突出。', '勇于担当、攻坚克难，重点专项成效显著，群众公认度高。'],
  competent: ['能够较好完成年度工作任务，工作作风扎实。', '履职尽责，完成各项重点工作，服务企业主动。', '工作认真负责，按期完成年度目标任务。'],
  basic: ['能基本完成工作任务，但主动性不足，部分工作推进较慢。'],
};
const QUARTERLY_COMMENTS = {
  good: ['本季度重点项目推进有力，签约任务提前完成。'],
  fairly_good: ['本季度工作完成较好，服务企业及时。', '按时完成季度目标，工作较为扎实。'],
  average: ['本季度工作基本完成，进度偏慢。'],
};
const RETURN_REASON = '评语未体现本年度重点工作实绩，请结合具体成效补充后重新报送。';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function seedAppraisal({ call, login, admin, ids, userIds, random, pick }) {
  const say = (message) => process.stdout.write(`[seed] appraisal: ${message}\n`);
  const usernameOf = new Map(Object.entries(userIds).map(([username, id]) => [id, username]));
  // Fresh tokens: the ones the records took may be close to their expiry after the tasks.
  const tokens = new Map();
  const tokenOf = async (username) => {
    if (!tokens.has(username)) tokens.set(username, await login(username));
    return tokens.get(username);
  };
  const summary = { cycles: 0, grades: 0, confirmed: 0, ballots: 0, closed: 0 };
  const failures = [];
  const attempt = async (what, work) => {
    try {
      return await work();
    } catch (error) {
      failures.push(`${what}: ${String(error?.message ?? error).slice(0, 300)}`);
      return undefined;
    }
  };

  /**
   * Opens a cycle. The roster comes from the appraisal service's directory replica (fed by DIRECTORY events): on a
   * fresh start it may still be catching up (409: no cadre found), so the request is repeated for a while.
   */
  const openCycle = async (body) => {
    for (let tries = 0; ; tries++) {
      try {
        const cycle = await call('POST', '/appraisal/cycles', admin, body);
        summary.cycles++;
        return cycle;
      } catch (error) {
        if (tries >= 30 || !/ 409 /.test(String(error.message))) throw error;
        await sleep(2_000);
      }
    }
  };

  const sheetOf = (cycleId, departmentId) => call('GET', `/appraisal/cycles/${cycleId}/sheet?departmentId=${departmentId}`, admin);

  /** The survey's raters of every cadre of one department, once they are drawn (waits a little for them). */
  const surveyOf = async (cycleId, departmentId) => {
    let survey;
    for (let tries = 0; tries < 15; tries++) {
      survey = await call('GET', `/appraisal/cycles/${cycleId}/survey?departmentId=${departmentId}`, admin);
      if (survey.items.some((item) => item.raters.length > 0)) return survey;
      await sleep(1_000);
    }
    return survey;
  };

  const ballotFor = (criteria) => ({
    scores: Object.fromEntries(criteria.map((c) => [c.code, pick(['good', 'good', 'good', 'fairly_good', 'fairly_good', 'average', random() < 0.1 ? 'poor' : 'fairly_good'])])),
    satisfaction: pick(['satisfied', 'satisfied', 'satisfied', 'basically_satisfied', 'basically_satisfied', random() < 0.3 ? 'dissatisfied' : 'satisfied']),
  });

  /** Casts the ballots of the raters `votes(rater, item)` chooses, as each rater (anonymous: only tallies are kept). */
  const vote = async (cycle, departmentId, votes) => {
    const survey = await surveyOf(cycle.id, departmentId);
    const criteria = cycle.survey.criteria;
    for (const item of survey.items) {
      for (const rater of item.raters) {
        const username = usernameOf.get(rater.userId);
        if (!username || rater.voted || !votes(username, item)) continue;
        await attempt(`ballot of ${username} for ${item.name}`, async () => {
          await call('POST', `/appraisal/cycles/${cycle.id}/ballots`, await tokenOf(username), { cadreId: item.cadreId, ...ballotFor(criteria) });
          summary.ballots++;
        });
      }
    }
  };

  const grade = async (cycleId, item, gradeCode, comment) => {
    const graded = await call('PUT', `/appraisal/cycles/${cycleId}/grades/${item.cadreId}`, await tokenOf(APPRAISER), { grade: gradeCode, comment, version: item.version });
    summary.grades++;
    return graded;
  };
  const review = async (cycleId, appraisal, decision, comment) => {
    const reviewed = await call('POST', `/appraisal/cycles/${cycleId}/grades/${appraisal.cadreId}/review`, await tokenOf(ASSESSOR), { decision, comment, version: appraisal.version });
    if (decision === 'confirm') summary.confirmed++;
    return reviewed;
  };

  const bureau = ids['LONGHUA-INVEST'];
  const district = ids.LONGHUA;
  if (!bureau || !district || !userIds[APPRAISER]) {
    say('skipped (the demo directory has no 龙华区投资促进局 or no 考核专员)');
    return summary;
  }

  // 1. 平时考核, 2026 年第三季度, 龙华区投资促进局: graded, reviewed, surveyed and closed.
  await attempt('the 2026-Q3 平时考核', async () => {
    const cycle = await openCycle({
      kind: 'quarterly',
      name: '2026年第三季度平时考核',
      period: '2026-Q3',
      departmentIds: [bureau],
      dueDate: '2026-10-15',
      // A small bureau: 上级 from one voter, 同级 from two, 下级 from one; no 服务对象.
      survey: {
        groups: [
          { group: 'superior', weight: 0.4, minRaters: 1 },
          { group: 'peer', weight: 0.4, minRaters: 2 },
          { group: 'subordinate', weight: 0.2, minRaters: 1 },
        ],
      },
    });
    const sheet = await sheetOf(cycle.id, bureau);
    const max = sheet.department.topGrade.max;
    const items = [...sheet.items].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    for (const [index, item] of items.entries()) {
      const code = index < Math.min(max, 2) ? 'good' : index % 5 === 4 ? 'average' : 'fairly_good';
      await attempt(`Q3 grade of ${item.name}`, async () => {
        let appraisal = await grade(cycle.id, item, code, pick(QUARTERLY_COMMENTS[code]));
        if (index === 2) {
          // The closed loop: returned with a reason, revised by the appraiser, then confirmed.
          appraisal = await review(cycle.id, appraisal, 'return', RETURN_REASON);
          appraisal = await grade(cycle.id, appraisal, code, `${pick(QUARTERLY_COMMENTS[code])}牵头完成两个项目签约。`);
        }
        await review(cycle.id, appraisal, 'confirm', '同意');
      });
    }
    await vote(cycle, bureau, () => random() < 0.9);
    await call('POST', `/appraisal/cycles/${cycle.id}/survey/close`, admin);
    await call('POST', `/appraisal/cycles/${cycle.id}/close`, admin);
    summary.closed++;
  });

  // 2. 2026 年度考核, 龙华区 (its bureaus), with 民主测评 (default 德能勤绩廉 and groups): in progress.
  await attempt('the 2026 年度考核', async () => {
    const cycle = await openCycle({
      kind: 'annual',
      name: '2026年度考核',
      period: '2026',
      departmentIds: [district],
      dueDate: '2027-01-15',
      survey: {},
    });
    const sheet = await sheetOf(cycle.id, bureau);
    const max = sheet.department.topGrade.max;
    // wanghaijun first: his combined view shows a confirmed 优秀 when the quota allows one.
    const items = [...sheet.items].sort((a, b) => (usernameOf.get(a.cadreId) === 'wanghaijun' ? -1 : usernameOf.get(b.cadreId) === 'wanghaijun' ? 1 : a.name.localeCompare(b.name, 'zh-CN')));
    const excellent = Math.min(max, 2);
    // What happens to each, in order: confirmed, returned, waiting for review, not graded yet.
    const plan = items.map((_, index) => {
      if (index < excellent) return { code: 'excellent', then: 'confirm' };
      if (index < excellent + 4) return { code: 'competent', then: 'confirm' };
      if (index === excellent + 4) return { code: 'competent', then: 'return' };
      if (index === excellent + 5) return { code: 'basic', then: 'wait' };
      if (index === excellent + 6) return { code: 'competent', then: 'wait' };
      return null;
    });
    for (const [index, item] of items.entries()) {
      const step = plan[index];
      if (!step) continue;
      await attempt(`2026 grade of ${item.name}`, async () => {
        const appraisal = await grade(cycle.id, item, step.code, pick(ANNUAL_COMMENTS[step.code]));
        if (step.then === 'confirm') await review(cycle.id, appraisal, 'confirm', '经研究，同意评定等次');
        if (step.then === 'return') await review(cycle.id, appraisal, 'return', RETURN_REASON);
      });
    }
    // About two raters in three have voted; the demo logins have not (their ballots wait in the console).
    for (const departmentId of cycle.departments.map((d) => d.departmentId)) {
      await vote(cycle, departmentId, (username) => !KEEP_BALLOTS.has(username) && username !== APPRAISER && random() < 0.65);
    }
  });

  say(`${summary.cycles} cycles (${summary.closed} closed), ${summary.grades} grades entered, ${summary.confirmed} confirmed, ${summary.ballots} ballots`);
  if (failures.length) say(`${failures.length} steps failed (the rest is seeded):\n  ${failures.slice(0, 10).join('\n  ')}`);
  return summary;
}
