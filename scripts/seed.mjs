#!/usr/bin/env node
// Demo data for `npm start`, written through the public API (so every event flows as in production) into an
// empty directory: a department tree (a city, 3 districts, 6 bureaus), ~60 cadres with reviewers and assessors,
// ~300 records spread over the taxonomy and every state of the workflow, and two batches of key tasks (揭榜挂帅):
// the first with 21 tasks, all claimed by cross-department teams, some concluded, the rest in progress; the second
// open for bidding; appraisals (考评情况 / 民主测评): a closed 平时考核 with its results and an open 年度考核 in progress
// (scripts/seed-appraisal.mjs); 选人用人: a promotion round in its 任前公示 with an objection, an award round taking
// applications, appeals (scripts/seed-selection.mjs). Prints the demo logins.
import { seedAppraisal } from './seed-appraisal.mjs';
import { seedSelection } from './seed-selection.mjs';
import { seedTasks } from './seed-tasks.mjs';
const base = `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}/api/v1`;
const adminPassword = process.env.ADMIN_PASSWORD ?? 'admin-dev-password';
const demoPassword = process.env.DEMO_PASSWORD ?? 'Haikou-2026-demo';

async function call(method, path, token, body, attempt = 0) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if ((response.status === 429 || response.status === 503) && attempt < 20) {
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 2) * 1000));
    return call(method, path, token, body, attempt + 1);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const login = async (username, password = demoPassword) => (await call('POST', '/auth/login', undefined, { username, password })).accessToken;

// A small deterministic generator, so every fresh start shows the same demo.
let seed = 20261124;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(random() * list.length)];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '郑'];
const GIVEN = ['海军', '晓梅', '建国', '磊', '丽', '明', '静', '伟', '芳', '强', '敏', '洋', '婷', '军', '勇', '艳', '杰', '娟', '涛', '超'];
const PINYIN = ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'he', 'lin', 'luo', 'zheng'];

const demoUsers = [
  { username: 'wanghaijun', name: '王海军', roles: ['cadre'], dep: 'LONGHUA-INVEST', rankLevel: 'section', title: '招商科科长' },
  { username: 'chenxiaomei', name: '陈晓梅', roles: ['cadre'], dep: 'MEILAN-FTP', rankLevel: 'staff', title: '政策科科员' },
  { username: 'lijianguo', name: '李建国', roles: ['reviewer'], dep: 'LONGHUA', rankLevel: 'section', title: '龙华区委组织部干部科科长' },
  { username: 'yangjing', name: '杨静', roles: ['reviewer'], dep: 'MEILAN', rankLevel: 'section', title: '美兰区委组织部干部科科长' },
  { username: 'huangwei', name: '黄伟', roles: ['reviewer'], dep: 'XIUYING', rankLevel: 'section', title: '秀英区委组织部干部科科长' },
  { username: 'zhaolei', name: '赵磊', roles: ['assessor'], dep: 'CITY', rankLevel: 'division', title: '市委组织部干部监督处处长' },
  { username: 'wufang', name: '吴芳', roles: ['assessor'], dep: 'CITY', rankLevel: 'division', title: '市委组织部考核办副主任' },
  { username: 'linxue', name: '林雪', roles: ['appraiser'], dep: 'LONGHUA-INVEST', rankLevel: 'section', title: '龙华区投资促进局考核专员' },
  { username: 'sunli', name: '孙丽', roles: ['publisher'], dep: 'CITY', rankLevel: 'division', title: '市重点专项办主任' },
  { username: 'zhouming', name: '周明', roles: ['evaluator'], dep: 'XIUYING', rankLevel: 'division', title: '评审专家' },
  { username: 'qianhong', name: '钱红', roles: ['evaluator'], dep: 'LONGHUA-CIVIL', rankLevel: 'division', title: '评审专家' },
  { username: 'fengtao', name: '冯涛', roles: ['evaluator'], dep: 'MEILAN-PETITION', rankLevel: 'division', title: '评审专家' },
];

const TITLES = {
  PARTY: ['开展理论学习专题研讨', '推进基层党组织标准化建设'],
  FTP: ['零关税政策运用助企降本', '推动制度集成创新案例落地'],
  REFORM: ['推进审批制度改革', '事业单位改革试点'],
  INVEST: ['引进世界500强企业区域总部', '重点项目签约落地', '推动重点项目纳统'],
  PROJECT: ['推进重点项目建设', '园区运营提质增效'],
  INDUSTRY: ['培育总部经济企业', '发展融资租赁产业'],
  BIZENV: ['助企纾困专项行动', '政务服务"一网通办"优化'],
  LIVELIHOOD: ['社保扩面提质', '稳就业专项服务'],
  EDUCATION: ['教师交流帮扶', '打造育人品牌'],
  GOVERNANCE: ['网格化治理试点', '社区服务提升'],
  PETITION: ['化解信访积案', '矛盾纠纷多元调处'],
  RURAL: ['发展特色农业', '打造农业品牌'],
  ECOLOGY: ['环境综合整治', '生态修复工程'],
  SAFETY: ['完成急难险重任务', '安全隐患专项整治'],
  INNOVATION: ['数字政府平台建设', '引进高层次人才'],
  HONOR: ['获上级表彰', '工作经验获推广'],
};

const admin = await login('admin', adminPassword);
const { items: departments } = await call('GET', '/departments', admin);

if (departments.length > 1) {
  process.stdout.write(`[seed] the directory already has ${departments.length} departments: not seeding\n`);
} else {
  process.stdout.write('[seed] an empty directory: seeding demo data through the API (about a minute on first start)\n');
  const root = departments[0];
  const ids = { [root.code]: root.id };
  const tree = [
    ['LONGHUA', '龙华区', root.code],
    ['MEILAN', '美兰区', root.code],
    ['XIUYING', '秀英区', root.code],
    ['LONGHUA-INVEST', '龙华区投资促进局', 'LONGHUA'],
    ['LONGHUA-CIVIL', '龙华区民政局', 'LONGHUA'],
    ['MEILAN-FTP', '美兰区自贸港政策服务中心', 'MEILAN'],
    ['MEILAN-PETITION', '美兰区信访局', 'MEILAN'],
    ['XIUYING-PARK', '秀英区产业园区管委会', 'XIUYING'],
    ['XIUYING-EDU', '秀英区教育局', 'XIUYING'],
  ];
  for (const [code, name, parent] of tree) ids[code] = (await call('POST', '/departments', admin, { code, name, parentId: ids[parent] })).id;
  const bureaus = tree.filter(([code]) => code.includes('-')).map(([code]) => code);

  const cadres = demoUsers.filter((u) => u.roles.includes('cadre'));
  for (let i = 0; cadres.length < 60; i++) {
    const s = i % SURNAMES.length;
    const g = Math.floor(i / SURNAMES.length + i) % GIVEN.length;
    cadres.push({
      username: `${PINYIN[s]}${String(i + 1).padStart(3, '0')}`,
      name: `${SURNAMES[s]}${GIVEN[g]}`,
      roles: ['cadre'],
      dep: bureaus[i % bureaus.length],
      rankLevel: pick(['division', 'section', 'section', 'staff', 'staff']),
      title: pick(['科长', '副科长', '科员', '主任科员', '副主任']),
    });
  }
  const everyone = [...demoUsers, ...cadres.filter((c) => !demoUsers.includes(c))];
  const userIds = {};
  for (const [index, user] of everyone.entries()) {
    const created = await call('POST', '/users', admin, {
      username: user.username,
      password: demoPassword,
      name: user.name,
      staffNo: `HK-${String(index + 1).padStart(5, '0')}`,
      departmentId: ids[user.dep],
      roles: user.roles,
      rankLevel: user.rankLevel,
      title: user.title,
    });
    userIds[user.username] = created.id;
  }

  const reviewerOf = { LONGHUA: 'lijianguo', MEILAN: 'yangjing', XIUYING: 'huangwei' };
  const tokens = {};
  const tokenOf = async (username) => (tokens[username] ??= await login(username));
  const items = Object.keys(TITLES);
  // Target states, roughly as a live system holds them.
  const states = ['draft', 'submitted', 'submitted', 'reviewed', 'verified', 'verified', 'verified', 'verified', 'rejected', 'returned', 'revoked'];
  let created = 0;
  const jobs = Array.from({ length: 300 }, (_, n) => n);
  const worker = async () => {
    for (let n = jobs.shift(); n !== undefined; n = jobs.shift()) {
      const cadre = cadres[n % cadres.length];
      const first = items[n % items.length];
      const month = 1 + Math.floor(random() * 10);
      const record = await call('POST', '/records', await tokenOf(cadre.username), {
        itemCode: `${first}-0${1 + Math.floor(random() * 2)}`,
        title: pick(TITLES[first]),
        description: `${cadre.name}牵头推进，取得阶段性成效。`,
        periodStart: `2026-${String(month).padStart(2, '0')}-01`,
        periodEnd: `2026-${String(month + 1).padStart(2, '0')}-28`,
        impactLevel: pick(['unit', 'district', 'district', 'city', 'province']),
        results: random() < 0.4 ? [{ name: '完成指标', value: Math.round(random() * 100), unit: '项' }] : [],
      });
      created++;
      const state = states[n % states.length];
      if (state === 'draft') continue;
      const cadreToken = await tokenOf(cadre.username);
      await call('POST', `/records/${record.id}/submit`, cadreToken, {});
      if (state === 'submitted') continue;
      const reviewer = await tokenOf(reviewerOf[cadre.dep.split('-')[0]]);
      if (state === 'rejected') {
        await call('POST', `/records/${record.id}/review`, reviewer, { decision: 'reject', comment: '佐证不足，不予通过' });
        continue;
      }
      if (state === 'returned') {
        await call('POST', `/records/${record.id}/review`, reviewer, { decision: 'return', comment: '请补充量化成效' });
        continue;
      }
      await call('POST', `/records/${record.id}/review`, reviewer, { decision: 'approve', comment: '情况属实' });
      if (state === 'reviewed') continue;
      await call('POST', `/records/${record.id}/assess`, await tokenOf(pick(['zhaolei', 'wufang'])), {
        decision: 'confirm',
        rating: pick(['excellent', 'good', 'good', 'pass', 'pass', 'none']),
        comment: '研判认定',
      });
      if (state === 'revoked') await call('POST', `/records/${record.id}/revoke`, admin, { reason: '复核发现佐证材料不实' });
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  process.stdout.write(`[seed] created ${tree.length} departments, ${everyone.length} users (${cadres.length} cadres) and ${created} records in every state\n`);
  const tasks = await seedTasks({ call, tokenOf, cadres, userIds, random, pick });
  process.stdout.write(`[seed] created ${tasks.batches} task batches, ${tasks.teams} teams and ${tasks.tasks} key tasks (${tasks.concluded} concluded)\n`);
  // Appraisals last, and never fatal: whatever fails there is reported and the demo logins below still print.
  try {
    await seedAppraisal({ call, login, admin, ids, userIds, random, pick });
  } catch (error) {
    process.stdout.write(`[seed] appraisal demo data not seeded: ${error.message}\n`);
  }
  try {
    await seedSelection({ call, login, ids, userIds });
  } catch (error) {
    process.stdout.write(`[seed] selection demo data not seeded: ${error.message}\n`);
  }
}

process.stdout.write(`
Demo logins (POST ${base}/auth/login); every demo user's password is ${demoPassword}
  admin          ${adminPassword}   (管理员)
${demoUsers.map((u) => `  ${u.username.padEnd(14)} ${u.roles.join(', ')}: ${u.name}, ${u.title}`).join('\n')}
  …and 58 more cadres (e.g. wang001, li002), each in a bureau
`);
