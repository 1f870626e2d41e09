// Demo key tasks (揭榜挂帅) for scripts/seed.mjs, through the public API: two batches; the first with 21 tasks,
// every one claimed by a cross-department team (书院制), evaluated, awarded, some concluded and the rest in
// progress, as the article describes; the second open for bidding.
const FIRST = [
  ['研究出台综合保税区高值食品加工产业助企纾困措施', 'industry', ['urgent', 'hard']],
  ['协调解决光通信企业零关税政策运用新场景', 'ftp', ['hard']],
  ['化解历史遗留不动产登记难题', 'legacy', ['hard', 'heavy']],
  ['推进工程建设项目审批制度改革', 'institution', ['heavy']],
  ['破解园区企业用工难题', 'livelihood', ['urgent']],
  ['推动跨境电商综试区政策集成', 'ftp', []],
  ['化解城中村改造历史欠账', 'legacy', ['hard', 'risky']],
  ['建立重点项目全周期服务机制', 'institution', []],
  ['推动总部经济企业实质运营', 'industry', ['heavy']],
  ['解决老旧小区加装电梯难题', 'livelihood', ['urgent', 'hard']],
  ['打通国际航行船舶保税油加注堵点', 'ftp', ['hard', 'risky']],
  ['化解农村集体土地历史遗留纠纷', 'legacy', ['risky']],
  ['推进事业单位绩效改革试点', 'institution', ['hard']],
  ['培育融资租赁产业集群', 'industry', []],
  ['完善困难群众救助快速响应机制', 'livelihood', ['urgent']],
  ['推动加工增值免关税政策扩面', 'ftp', ['heavy']],
  ['处置闲置低效用地', 'legacy', ['hard', 'heavy']],
  ['推进“一业一证”改革扩面', 'institution', []],
  ['打造数字经济产业园', 'industry', ['hard']],
  ['解决中小学学位紧张问题', 'livelihood', ['urgent', 'heavy']],
  ['推进自贸港人才服务“一站式”改革', 'ftp', []],
];
const SECOND = [
  ['推动低空经济应用场景落地', 'industry', ['hard']],
  ['化解历史遗留烂尾项目', 'legacy', ['hard', 'risky', 'heavy']],
  ['优化离岛免税购物服务体验', 'ftp', []],
  ['建设智慧社区养老服务体系', 'livelihood', ['urgent']],
  ['推进数据要素市场化配置改革', 'institution', ['hard']],
  ['提升城市内涝治理能力', 'livelihood', ['urgent', 'risky']],
];

const EVALUATORS = ['zhouming', 'qianhong', 'fengtao'];
const iso = (days) => new Date(Date.now() + days * 86_400_000).toISOString();
const date = (days) => iso(days).slice(0, 10);

export async function seedTasks({ call, tokenOf, cadres, userIds, random, pick }) {
  const publisher = await tokenOf('sunli');
  const evaluatorIds = EVALUATORS.map((u) => userIds[u]);
  // Teams of 2–4 cadres from the business bureaus of different districts, each with a lead; every invitation
  // accepted. The evaluators sit elsewhere (zhouming at the Xiuying district, so he recuses himself (回避) from
  // teams with a member in Xiuying's park).
  const pool = cadres.filter((c) => ['LONGHUA-INVEST', 'MEILAN-FTP', 'XIUYING-PARK'].includes(c.dep));
  const teams = [];
  for (let i = 0; i < 16; i++) {
    const size = 2 + (i % 3);
    const members = Array.from({ length: size }, (_, k) => pool[(i * 5 + k * 7) % pool.length]);
    const unique = [...new Map(members.map((m) => [m.username, m])).values()];
    const shares = unique.map((_, k) => (k === 0 ? 100 - 20 * (unique.length - 1) : 20));
    const lead = unique[0];
    const team = await call('POST', '/teams', await tokenOf(lead.username), {
      name: `${lead.name}攻坚小组`,
      members: unique.map((m, k) => ({ userId: userIds[m.username], role: k === 0 ? 'lead' : 'member', share: shares[k] })),
    });
    for (const member of unique.slice(1)) await call('POST', `/teams/${team.id}/accept`, await tokenOf(member.username));
    teams.push({ ...team, lead, members: unique });
  }

  const taskBody = (batchId, [title, domain, flags], n, biddingDays) => ({
    batchId,
    title,
    description: `${title}：聚焦难点堵点，跨部门组建攻坚团队，限期攻坚。`,
    domain,
    flags,
    goals: '明确目标、责任到人，按期完成攻坚任务。',
    expectedResults: '形成可复制推广的制度创新成果或解决一批实际问题。',
    milestones: [
      { name: '制定实施方案', dueDate: date(biddingDays + 20) },
      { name: '阶段性攻坚', dueDate: date(biddingDays + 90) },
      { name: '成果验收', dueDate: date(biddingDays + 170) },
    ],
    biddingDeadline: iso(biddingDays),
    deliveryDeadline: iso(biddingDays + 180),
    rewardPoints: [20, 30, 40, 50][n % 4],
    evaluatorIds,
    allowRace: n % 7 === 3,
  });
  const bidBody = (team) => ({
    teamId: team.id,
    plan: `${team.name}实施方案：摸清底数、分类施策、挂图作战，每两周调度一次。`,
    expectedResults: '按期完成攻坚目标，形成制度成果。',
    milestones: [{ name: '方案细化', dueDate: date(30) }, { name: '攻坚突破', dueDate: date(120) }],
    commitment: '立下军令状：不达目标不收兵。',
  });

  const first = await call('POST', '/task-batches', publisher, { name: '第一批重点专项工作“揭榜挂帅”清单', description: '聚焦历史遗留问题、体制机制改革、产业发展瓶颈等重点难点问题。' });
  let concluded = 0;
  for (const [n, spec] of FIRST.entries()) {
    const task = await call('POST', '/tasks', publisher, taskBody(first.id, spec, n, 7));
    await call('POST', `/tasks/${task.id}/publish`, publisher);
    const bidders = task.allowRace ? [teams[n % teams.length], teams[(n + 5) % teams.length]] : [teams[n % teams.length], ...(n % 3 === 0 ? [teams[(n + 8) % teams.length]] : [])];
    const bids = [];
    for (const team of bidders) bids.push(await call('POST', `/tasks/${task.id}/bids`, await tokenOf(team.lead.username), bidBody(team)));
    await call('POST', `/tasks/${task.id}/close-bidding`, publisher);
    for (const bid of bids) {
      for (const evaluator of EVALUATORS) {
        const scores = { feasibility: 18 + Math.round(random() * 12), innovation: 10 + Math.round(random() * 10), capability: 18 + Math.round(random() * 12), benefit: 10 + Math.round(random() * 10) };
        // A conflicted evaluator (回避) is refused: that is the rule working, not a failure of the seed.
        await call('POST', `/bids/${bid.id}/evaluations`, await tokenOf(evaluator), { scores, comment: '方案可行，团队有攻坚能力' }).catch((error) => {
          if (!String(error.message).includes(' 403 ')) throw error;
        });
      }
    }
    // Once every evaluation is in the publisher sees the scores, best first: the top bid (two in a race) is awarded,
    // so no higher-ranked bid is passed over (that would need a written reason).
    const scored = (await call('GET', `/tasks/${task.id}`, publisher)).bids.filter((b) => b.evaluation.rank !== null);
    const ranked = [...scored].sort((a, b) => a.evaluation.rank - b.evaluation.rank);
    const awardIds = ranked.slice(0, task.allowRace ? 2 : 1).map((b) => b.id);
    const awarded = await call('POST', `/tasks/${task.id}/award`, publisher, { bidIds: awardIds });
    const winners = awarded.bids.filter((b) => awardIds.includes(b.id));
    for (const bid of winners) {
      const lead = cadres.find((c) => userIds[c.username] === bid.leadId);
      await call('POST', `/tasks/${task.id}/progress`, await tokenOf(lead.username), { milestone: '制定实施方案', note: '实施方案已细化并报备，完成部门会商。' });
    }
    if (n % 5 === 1 || n % 5 === 3) {
      // Some teams fall short despite due diligence and apply for 容错 before review; the reviewers accept it.
      const tolerated = new Set();
      for (const [index, bid] of winners.entries()) {
        const lead = cadres.find((c) => userIds[c.username] === bid.leadId);
        if (n % 5 === 3 && index === winners.length - 1) {
          await call('POST', `/tasks/${task.id}/tolerance`, await tokenOf(lead.username), { justification: '受上级政策调整影响，部分目标未能如期完成，已尽职履责并留存过程材料。' });
          tolerated.add(bid.teamId);
        }
        await call('POST', `/tasks/${task.id}/results`, await tokenOf(lead.username), { summary: '攻坚任务全部完成，形成制度成果并推广。', deliverables: [] });
      }
      // 评审 judges each awarded team on its own.
      const current = await call('GET', `/tasks/${task.id}`, publisher);
      for (const evaluatorId of current.reviewersExpected) {
        const username = EVALUATORS.find((u) => userIds[u] === evaluatorId);
        for (const bid of winners) {
          const review = tolerated.has(bid.teamId)
            ? { teamId: bid.teamId, verdict: 'tolerated', tolerance: 'accepted', comment: '已尽职履责，予以容错' }
            : { teamId: bid.teamId, verdict: pick(['excellent', 'pass', 'pass']), comment: '成果达到预期' };
          await call('POST', `/tasks/${task.id}/reviews`, await tokenOf(username), review);
        }
      }
      await call('POST', `/tasks/${task.id}/conclude`, publisher);
      concluded++;
    }
  }

  const second = await call('POST', '/task-batches', publisher, { name: '第二批重点专项工作“揭榜挂帅”清单', description: '面向全市干部公开揭榜，欢迎跨部门组队。' });
  for (const [n, spec] of SECOND.entries()) {
    const task = await call('POST', '/tasks', publisher, taskBody(second.id, spec, n, 30));
    await call('POST', `/tasks/${task.id}/publish`, publisher);
    if (n % 2 === 0) await call('POST', `/tasks/${task.id}/bids`, await tokenOf(teams[(n + 3) % teams.length].lead.username), bidBody(teams[(n + 3) % teams.length]));
  }
  return { batches: 2, teams: teams.length, tasks: FIRST.length + SECOND.length, concluded };
}
