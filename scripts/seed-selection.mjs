// Demo 选人用人 (issue #22) for scripts/seed.mjs, through the public API (docs/API.md "Selection"), after the records,
// tasks and appraisals:
//  - a promotion round of 龙华区 in its 任前公示: candidates drawn from the shortlist (their evidence frozen), 考察 notes,
//    decisions by the organisation department, the notice published (5 working days), one objection under
//    investigation (the assessors' 待核查异议);
//  - a city-wide 评先评优 round taking applications: 王海军's own (with his verified records) waiting for the district's
//    recommendation (李建国's 待推荐), and 龙华区投资促进局's 先进集体 application filed by its reviewer;
//  - appeals (申诉) of rejected records: one pending (the assessors' 待处理申诉), one dismissed with its answer.
// A concluded round needs its notice window to end (days), so none is seeded; the e2e test runs one with a short window.
// Tolerant: each step that fails is reported and the rest goes on; it never throws (npm start must come up).

const ASSESSOR = 'zhaolei';
const ASSESSOR2 = 'wufang';
const REVIEWER = 'lijianguo';
const CADRE = 'wanghaijun';
const OBJECTOR = 'chenxiaomei';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Today (Beijing) plus `days`, `YYYY-MM-DD`. */
const beijingDay = (days) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

export async function seedSelection({ call, login, ids, userIds }) {
  const say = (message) => process.stdout.write(`[seed] selection: ${message}\n`);
  const usernameOf = new Map(Object.entries(userIds).map(([username, id]) => [id, username]));
  const tokens = new Map();
  const tokenOf = async (username) => {
    if (!tokens.has(username)) tokens.set(username, await login(username));
    return tokens.get(username);
  };
  const summary = { rounds: 0, candidates: 0, applications: 0, objections: 0, appeals: 0 };
  const failures = [];
  const attempt = async (what, work) => {
    try {
      return await work();
    } catch (error) {
      failures.push(`${what}: ${String(error?.message ?? error).slice(0, 300)}`);
      return undefined;
    }
  };
  const year = beijingDay(0).slice(0, 4);
  const district = ids.LONGHUA;
  const bureau = ids['LONGHUA-INVEST'];
  const city = ids.CITY;
  if (!district || !bureau || !city || !userIds[ASSESSOR]) {
    say('skipped (the demo directory has no 龙华区 or no assessor)');
    return summary;
  }
  const assessor = await tokenOf(ASSESSOR);

  // 1. 提拔使用, 龙华区: drawn, inspected, decided, in its notice, one objection under investigation.
  await attempt('the promotion round', async () => {
    const round = await call('POST', '/selection/rounds', assessor, {
      kind: 'promotion',
      name: `${year}年第二批提拔使用（龙华区）`,
      positions: [
        { name: '龙华区投资促进局副局长', count: 1 },
        { name: '龙华区科级领导职务', count: 2 },
      ],
      rankLevel: 'section',
      departmentIds: [district],
      criteria: { period: year, limit: 8, withoutGrades: ['basic', 'incompetent'] },
    });
    summary.rounds++;
    // The shortlist comes from analytics, which may still be folding the records just seeded.
    let drawn = round;
    for (let tries = 0; tries < 30 && drawn.candidates.length < 3; tries++) {
      if (tries) await sleep(2_000);
      drawn = await call('POST', `/selection/rounds/${round.id}/candidates/draw`, assessor, { source: 'shortlist' });
    }
    summary.candidates += drawn.candidates.length;
    const [first, second, third, ...rest] = drawn.candidates;
    const path = (c) => `/selection/rounds/${round.id}/candidates/${c.candidateId}`;
    const inspect = async (c, note) => call('POST', `${path(c)}/inspection`, assessor, { note });
    const decide = async (c, body) => call('POST', `${path(c)}/decision`, assessor, body);
    if (first) {
      await inspect(first, '个别谈话 15 人，普遍认为其招商引资实绩突出、敢于担当；查阅干部档案、个人有关事项报告，未发现问题。');
      await decide(first, { selected: true, position: '龙华区投资促进局副局长', reason: '实绩突出，群众公认，符合任职条件。' });
    }
    if (second) {
      await inspect(second, '民主推荐得票靠前，考察组实地了解其重点项目推进情况。');
      await decide(second, { selected: true, position: '龙华区科级领导职务', reason: '重点项目推进成效明显，综合素质好。' });
    }
    if (third) {
      await inspect(third, '基层工作经验丰富，服务企业主动。');
      await decide(third, { selected: true, position: '龙华区科级领导职务', reason: '服务企业成效好，民主测评满意度较高。' });
    }
    for (const c of rest) await decide(c, { selected: false, reason: '经综合比选，本次未列入拟任人选。' });
    if (!first) throw new Error('the shortlist was empty: nobody drawn');
    await call('POST', `/selection/rounds/${round.id}/notice`, assessor, {});
    if (second && usernameOf.get(second.candidateId) !== OBJECTOR) {
      const objection = await call('POST', `/selection/rounds/${round.id}/objections`, await tokenOf(OBJECTOR), {
        candidateId: second.candidateId,
        reason: '反映其在某项目招商过程中存在超出政策范围的优惠承诺，请组织核实。',
      });
      summary.objections++;
      await call('POST', `/selection/rounds/${round.id}/objections/${objection.id}/investigate`, assessor, { note: '已调阅项目招商档案，正在约谈相关企业负责人。' });
    }
  });

  // 2. 评先评优, city-wide, taking applications.
  await attempt('the award round', async () => {
    const round = await call('POST', '/selection/rounds', assessor, {
      kind: 'award',
      name: `${year}年度优秀公务员和先进集体评选`,
      positions: [
        { name: '优秀公务员', count: 5 },
        { name: '先进集体', count: 2 },
      ],
      departmentIds: [city],
      applyUntil: beijingDay(10),
    });
    summary.rounds++;
    const cadre = await tokenOf(CADRE);
    const own = await call('GET', '/records?status=verified&pageSize=20', cadre);
    const mine = own.items.filter((r) => r.cadreId === userIds[CADRE]).slice(0, 3);
    await call('POST', `/selection/rounds/${round.id}/applications`, cadre, {
      applicantType: 'cadre',
      award: '优秀公务员',
      statement: '本年度牵头引进重点项目，超额完成招商引资任务，服务企业落地见效。',
      recordIds: mine.map((r) => r.id),
    });
    summary.applications++;
    const reviewer = await tokenOf(REVIEWER);
    const theirs = await call('GET', `/records?status=verified&departmentId=${bureau}&pageSize=20`, reviewer);
    await call('POST', `/selection/rounds/${round.id}/applications`, reviewer, {
      applicantType: 'department',
      departmentId: bureau,
      award: '先进集体',
      statement: '龙华区投资促进局全年引进重点项目，招商引资综合考核位居全区第一。',
      recordIds: theirs.items.slice(0, 3).map((r) => r.id),
    });
    summary.applications++;
  });

  // 3. Appeals of rejected records: one pending, one dismissed.
  await attempt('the appeals', async () => {
    const rejected = await call('GET', '/records?status=rejected&pageSize=20', assessor);
    const appealable = rejected.items.filter((r) => usernameOf.has(r.cadreId));
    const appeals = [];
    for (const record of appealable.slice(0, 2)) {
      const appellant = await tokenOf(usernameOf.get(record.cadreId));
      appeals.push(
        await call('POST', '/selection/appeals', appellant, {
          subjectType: 'record',
          subjectId: record.id,
          reason: '该项工作由本人牵头完成，已补充任务分工文件和成效佐证，请予复核。',
        }),
      );
      summary.appeals++;
    }
    if (appeals[1]) {
      await call('POST', `/selection/appeals/${appeals[1].id}/decide`, await tokenOf(ASSESSOR2), {
        outcome: 'dismissed',
        answer: '经复核，该纪实所报成效缺乏量化佐证，不予通过的结论维持不变；可补充材料后重新填报。',
      });
    }
  });

  say(`${summary.rounds} rounds, ${summary.candidates} candidates, ${summary.applications} applications, ${summary.objections} objection, ${summary.appeals} appeals`);
  for (const failure of failures) say(`not seeded: ${failure}`);
  return summary;
}
