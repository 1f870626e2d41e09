#!/usr/bin/env node
// Demo data for `npm start`, written through the public API (so every event flows as in production) into an
// empty directory: a department tree, one demo user per role, and a few draft records. Prints the logins.
const base = `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}/api/v1`;
const adminPassword = process.env.ADMIN_PASSWORD ?? 'admin-dev-password';
const demoPassword = process.env.DEMO_PASSWORD ?? 'Haikou-2026-demo';

async function call(method, path, token, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const login = async (username, password) => (await call('POST', '/auth/login', undefined, { username, password })).accessToken;

const admin = await login('admin', adminPassword);
const { items: departments } = await call('GET', '/departments', admin);
const demoUsers = [
  { username: 'wanghaijun', name: '王海军', roles: ['cadre'], dep: 'LONGHUA-INVEST', rankLevel: 'section', title: '招商科科长' },
  { username: 'chenxiaomei', name: '陈晓梅', roles: ['cadre'], dep: 'MEILAN-FTP', rankLevel: 'staff', title: '政策科科员' },
  { username: 'lijianguo', name: '李建国', roles: ['reviewer'], dep: 'LONGHUA', rankLevel: 'section', title: '龙华区委组织部干部科科长' },
  { username: 'zhaolei', name: '赵磊', roles: ['assessor'], dep: 'CITY', rankLevel: 'division', title: '市委组织部干部监督处处长' },
  { username: 'sunli', name: '孙丽', roles: ['publisher'], dep: 'CITY', rankLevel: 'division', title: '市重点专项办主任' },
  { username: 'zhouming', name: '周明', roles: ['evaluator'], dep: 'XIUYING', rankLevel: 'division', title: '评审专家' },
];

if (departments.length > 1) {
  process.stdout.write(`[seed] the directory already has ${departments.length} departments: not seeding\n`);
} else {
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
  for (const [index, user] of demoUsers.entries()) {
    await call('POST', '/users', admin, {
      username: user.username,
      password: demoPassword,
      name: user.name,
      staffNo: `HK-${String(index + 1).padStart(5, '0')}`,
      departmentId: ids[user.dep],
      roles: user.roles,
      rankLevel: user.rankLevel,
      title: user.title,
    });
  }
  const cadre = await login('wanghaijun', demoPassword);
  for (const record of [
    { itemCode: 'INVEST-03', title: '引进世界500强企业区域总部落户', description: '牵头洽谈并促成区域总部签约落地。' },
    { itemCode: 'FTP-01', title: '零关税政策运用助企降本', description: '梳理企业清单，推动政策红利直达企业。' },
    { itemCode: 'PETITION-01', title: '化解信访积案3件', description: '逐案包干，实地协调，积案清零。' },
  ]) {
    await call('POST', '/records', cadre, { periodStart: '2026-01-01', periodEnd: '2026-06-30', impactLevel: 'district', ...record });
  }
  process.stdout.write(`[seed] created ${tree.length} departments, ${demoUsers.length} demo users and 3 draft records\n`);
}

process.stdout.write(`
Demo logins (POST ${base}/auth/login):
  admin          ${adminPassword}   (管理员)
${demoUsers.map((u) => `  ${u.username.padEnd(14)} ${demoPassword}   (${u.roles.join(', ')}: ${u.name}, ${u.title})`).join('\n')}
`);
