#!/usr/bin/env node
// Synthetic, contract-valid event envelopes for the analytics read models (and any other consumer of the DIRECTORY,
// RECORDS, TASKS and SCORING streams), published straight into JetStream. Deterministic: the same options and seed
// give the same events (ids, times, contents), whatever the concurrency. Nothing happens after `now` (default: the
// clock; pass --now to pin it when generating the current year): a transition that would is left out, so the current
// year ends with the backlog a live system has. The data year defaults to the last complete one (UTC+8).
//
// What it makes (defaults): a department tree (1 root, 15 second-level, 8 third-level each), 100,000 cadres
// (`directory.user.upserted`, role cadre, rank levels division/section/staff) plus a few officials who act on records
// and tasks (reviewers, assessors, publishers, evaluators: they are users in the events, nobody can log in as them),
// 3,000 key tasks (3 % of the cadres; `tasks.team.formed`, `tasks.task.published|bid.submitted|bidding_closed|unclaimed|awarded|
// results_submitted|concluded|withdrawn`), 1,000,000 records over the 12 months (UTC+8) of the data year
// (`records.record.created`, then per the record's fate `updated`/`submitted`/`reviewed`/`returned`/`rejected`/
// `verified`/`revoked`, versions +1 each, `fromStatus` chained), and one `scoring.score.updated` per cadre and year
// with a verified record or a concluded task (byItem/byMonth/bySource summing to totalHundredths; simplified points;
// a year is the verification's/conclusion's, so a December record verified in January scores in the next year).
// Publication order: departments, users, tasks, records, scores; within a record or task its events in version
// order (one connection, so JetStream stores them in that order even with many publications in flight).
//
// As a module (load tests):
//   import { generate, events, buildWorld, publishEvents, gatewayDepartmentProvider } from './generate/analytics-events.mjs';
//   const { world, stats } = await generate({ natsUrl, cadres: 10_000, records: 100_000, departmentProvider });
//   for (const { subject, envelope } of events(buildWorld({ cadres: 100 }))) ...   // no NATS at all
// As a CLI:
//   node bench/generate/analytics-events.mjs --nats nats://127.0.0.1:<port> [--cadres 100000] [--records 1000000]
//        [--tasks <3 % of cadres>] [--departments 15] [--sub-departments 8] [--years 2025[,2026]] [--seed 1] [--concurrency 1000]
//        [--rate <events/s>] [--now <ISO>] [--no-trace-headers] [--publisher js|core]
//   node bench/generate/analytics-events.mjs --private [...]  # its own nats-server (temp store, free port), then gone
//   node bench/generate/analytics-events.mjs --check [...]    # no NATS: validates every envelope (see checkEvents)
//                                                             # against the records/tasks services' built domain rules
// There is deliberately no default NATS address: generated data never lands on the shared server by accident.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { STREAMS, DEFAULT_TAXONOMY, DIRECTORY_EVENTS, RECORD_EVENTS, TASK_EVENTS, SCORING_EVENTS } = require('@cadre/contracts');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ = 8 * HOUR; // the platform's calendar is UTC+8

// ── deterministic randomness ─────────────────────────────────────────────────────────────────────────────────────

function mix32(value) {
  let t = (value + 0x9e3779b9) | 0;
  t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
  t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
  return (t ^ (t >>> 15)) >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** sfc32 seeded from (seed, kind, index): every entity gets its own independent stream. */
export function rngFor(seed, kind, index) {
  let a = mix32(seed ^ 0x2545f491);
  let b = mix32(a ^ Math.imul(kind + 1, 0x85ebca6b));
  let c = mix32(b ^ (index >>> 0));
  let d = mix32(c ^ Math.floor(index / 2 ** 32) ^ 0x5bd1e995);
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  const next = () => u32() / 4294967296;
  const rng = {
    u32,
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** `pairs`: [[value, weight], …]. */
    weighted: (pairs) => {
      let total = 0;
      for (const [, w] of pairs) total += w;
      let x = next() * total;
      for (const [value, w] of pairs) if ((x -= w) < 0) return value;
      return pairs[pairs.length - 1][0];
    },
    /** Exponentially distributed, mean `mean`, at least `min`. */
    exp: (mean, min = 0) => min - mean * Math.log(1 - next()),
    uuid: () => {
      const w = [u32(), u32(), u32(), u32()];
      const b = [];
      for (const x of w) b.push(x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255);
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      const h = b.map((x) => HEX[x]);
      return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-${h[10]}${h[11]}${h[12]}${h[13]}${h[14]}${h[15]}`;
    },
    hex: (bytes) => {
      let s = '';
      for (let i = 0; i < bytes; i += 4) s += u32().toString(16).padStart(8, '0');
      return s.slice(0, bytes * 2);
    },
  };
  return rng;
}

const KIND = { department: 1, official: 2, cadre: 3, record: 4, task: 5, score: 6, world: 7 };

// ── calendar (UTC+8) ─────────────────────────────────────────────────────────────────────────────────────────────

/** [year, month (1–12), day] of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function civil(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}
const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** `Date#toISOString`, for 1970–9999, several times faster (millions of timestamps). */
const iso = (ms) => {
  const days = Math.floor(ms / DAY);
  const [y, m, d] = civil(days);
  let r = ms - days * DAY;
  const h = Math.floor(r / HOUR);
  r -= h * HOUR;
  const mi = Math.floor(r / 60_000);
  r -= mi * 60_000;
  const sec = Math.floor(r / 1000);
  return `${y}-${P2[m]}-${P2[d]}T${P2[h]}:${P2[mi]}:${P2[sec]}.${P3[r - sec * 1000]}Z`;
};
/** `YYYY-MM` of an instant, UTC+8. */
const monthOf = (ms) => {
  const [y, m] = civil(Math.floor((ms + TZ) / DAY));
  return `${y}-${P2[m]}`;
};
/** `YYYY-MM-DD` of an instant, UTC+8. */
const dayOf = (ms) => {
  const [y, m, d] = civil(Math.floor((ms + TZ) / DAY));
  return `${y}-${P2[m]}-${P2[d]}`;
};
const yearOf = (ms) => String(civil(Math.floor((ms + TZ) / DAY))[0]);
/** The calendar helpers (exported for checks). */
export const calendar = { iso: (ms) => iso(ms), monthOf: (ms) => monthOf(ms), dayOf: (ms) => dayOf(ms), yearOf: (ms) => yearOf(ms) };
/** The instant of a local (UTC+8) wall-clock time. */
const local = (year, month0, day = 1, hour = 0, minute = 0, second = 0) => Date.UTC(year, month0, day, hour, minute, second) - TZ;
const daysIn = (year, month0) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
/** The last complete calendar year (UTC+8) before `now`. */
export const lastCompleteYear = (now = Date.now()) => Number(yearOf(now)) - 1;

// ── reference data ───────────────────────────────────────────────────────────────────────────────────────────────

const SECOND_LEVEL = [
  ['龙华区', 'district'], ['美兰区', 'district'], ['秀英区', 'district'], ['琼山区', 'district'],
  ['市发展和改革委员会', 'bureau'], ['市商务局', 'bureau'], ['市投资促进局', 'bureau'], ['市财政局', 'bureau'],
  ['市自然资源和规划局', 'bureau'], ['市住房和城乡建设局', 'bureau'], ['市交通运输局', 'bureau'], ['市教育局', 'bureau'],
  ['市卫生健康委员会', 'bureau'], ['市民政局', 'bureau'], ['市农业农村局', 'bureau'],
];
const THIRD_LEVEL = {
  district: ['办公室', '发展和改革局', '投资促进局', '民政局', '教育局', '卫生健康局', '街道办事处', '镇人民政府', '农业农村局', '信访局', '应急管理局', '营商环境建设局'],
  bureau: ['办公室', '综合科', '政策法规科', '规划发展科', '项目管理科', '财务审计科', '人事科', '督查科', '行政审批科', '信息化科', '监督检查科', '宣传教育科'],
};
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘符吉云蒋蔡余杜叶程苏魏吕丁任沈姚卢钟'];
const GIVEN = [...'海军建国伟芳娜敏静丽强磊洋艳勇杰娟涛明超秀兰霞平刚桂英华玉萍红志文辉鹏飞宇晨浩然思远涵雨欣博俊峰嘉怡晓东立新春梅永琼南'];
const RANKS = [['division', 0], ['section', 1], ['staff', 2]];
const RANK_WEIGHTS = [[0.3, 0.4, 0.3], [0.15, 0.4, 0.45], [0.06, 0.34, 0.6]]; // by department depth
const TITLES = {
  division: ['处长', '副处长', '局长', '副局长', '主任', '副主任'],
  section: ['科长', '副科长', '主任科员', '副主任科员'],
  staff: ['科员', '一级科员', '二级科员', '办事员'],
};
const ITEM_WEIGHTS = {
  PARTY: 10, FTP: 6, REFORM: 5, INVEST: 9, PROJECT: 9, INDUSTRY: 7, BIZENV: 7, LIVELIHOOD: 9,
  EDUCATION: 5, GOVERNANCE: 8, PETITION: 5, RURAL: 5, ECOLOGY: 4, SAFETY: 5, INNOVATION: 4, HONOR: 2,
};
const BASE_POINTS = { INVEST: 8, PROJECT: 8, REFORM: 8, FTP: 8, SAFETY: 8 }; // others 5
const IMPACT = [['unit', 45], ['district', 30], ['city', 18], ['province', 6], ['national', 1]];
const IMPACT_ORDER = IMPACT.map(([level]) => level);
const IMPACT_FACTOR = { unit: 1, district: 1.5, city: 2, province: 3, national: 5 };
const RATING = [['excellent', 15], ['good', 35], ['pass', 45], ['none', 5]];
const RATING_FACTOR = { excellent: 1.2, good: 1, pass: 0.8, none: 0 };
const PHRASES = ['专项推进', '年度攻坚', '阶段成效', '创新举措', '重点突破', '经验做法', '提质增效', '落地见效'];
/** Record fates (final statuses) with their shares; `returned` ends as a draft after a return. */
const RECORD_FATES = [['draft', 13], ['returned', 7], ['submitted', 10], ['reviewed', 7], ['rejected', 6], ['verified', 55], ['revoked', 2]];
/** Month weights of filing: fewer around the Spring Festival, more at the year's end; waiting records are recent. */
const MONTH_WEIGHTS = [0.8, 0.6, 0.9, 1, 1, 1.1, 0.9, 0.9, 1, 1, 1.1, 1.3].map((w, m) => [m, w]);
const RECENT_MONTH_WEIGHTS = [0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.3, 0.5, 1, 2, 4].map((w, m) => [m, w]);
const TASK_FATES = [['withdrawn', 3], ['open', 8], ['unclaimed', 7], ['evaluating', 7], ['in_progress', 25], ['reviewing', 10], ['concluded', 40]];
const TASK_DOMAINS = ['ftp', 'institution', 'legacy', 'livelihood', 'industry'];
const TASK_FLAGS = ['urgent', 'hard', 'risky', 'heavy'];
const VERDICTS = ['excellent', 'pass', 'tolerated', 'fail'];
const VERDICT_FACTOR = { excellent: 1.2, pass: 1, tolerated: 0.6, fail: 0 };
const TASK_TOPICS = ['自贸港政策集成创新', '营商环境攻坚', '历史遗留问题化解', '重点项目落地', '民生实事攻坚', '产业链招商', '数字政府建设', '城市更新改造'];

// ── the world: departments, officials, cadres ───────────────────────────────────────────────────────────────────

/** The options with their defaults. */
export function normaliseOptions(options = {}) {
  const now = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : Date.parse(options.now);
  const years = (options.years ?? (options.year !== undefined ? [options.year] : [lastCompleteYear(now)])).map(Number);
  const o = {
    cadres: options.cadres ?? 100_000,
    records: options.records ?? 1_000_000,
    tasks: options.tasks ?? Math.max(50, Math.round((options.cadres ?? 100_000) * 0.03)),
    departments: options.departments ?? 15,
    subDepartments: options.subDepartments ?? 8,
    years,
    seed: options.seed ?? 1,
    now,
    concurrency: options.concurrency ?? 1_000,
    rate: options.rate ?? 0,
    traceHeaders: options.traceHeaders ?? true,
    codePrefix: options.codePrefix ?? 'GEN',
    usernamePrefix: options.usernamePrefix ?? 'gen',
    ensureStreams: options.ensureStreams ?? true,
    publisher: options.publisher ?? 'js',
  };
  if (!(o.cadres >= 10)) throw new Error('cadres: at least 10');
  if (!(o.records >= 0 && o.tasks >= 0)) throw new Error('records, tasks: 0 or more');
  if (!(o.departments >= 1 && o.subDepartments >= 0)) throw new Error('departments: at least 1; sub-departments: 0 or more');
  if (years.some((y) => !(y >= 2000 && y <= 2099)) || years.some((y) => local(y, 0) > now)) throw new Error(`years: 2000–2099 and begun by ${iso(now)}`);
  if (!Number.isInteger(o.seed)) throw new Error('seed: an integer');
  if (!['js', 'core'].includes(o.publisher)) throw new Error("publisher: 'js' or 'core'");
  return o;
}

/**
 * Departments (ids and paths still unresolved when a provider will create them), officials and cadres. Pure and
 * deterministic: everything derives from the options.
 */
export function buildWorld(options = {}) {
  const o = normaliseOptions(options);
  const departments = [{ key: 'root', code: `${o.codePrefix}-ROOT`, name: '海口市', parentKey: null, depth: 0, second: -1 }];
  for (let s = 0; s < o.departments; s++) {
    const [name, kind] = SECOND_LEVEL[s] ?? [`市第${s + 1}直属局`, 'bureau'];
    const second = { key: `d${s + 1}`, code: `${o.codePrefix}-D${String(s + 1).padStart(2, '0')}`, name, parentKey: 'root', depth: 1, second: s, kind };
    departments.push(second);
    for (let t = 0; t < o.subDepartments; t++) {
      const suffix = THIRD_LEVEL[kind][t] ?? `第${t + 1}科`;
      departments.push({ key: `d${s + 1}-${t + 1}`, code: `${second.code}-${String(t + 1).padStart(2, '0')}`, name: `${name}${suffix}`, parentKey: second.key, depth: 2, second: s });
    }
  }
  departments.forEach((d, index) => {
    d.index = index;
    const rng = rngFor(o.seed, KIND.department, index);
    d.generatedId = rng.uuid();
    // Relative size: the root and second levels hold leadership; third levels most of the staff, unevenly.
    d.weight = d.depth === 0 ? 0.01 * (o.departments * (o.subDepartments + 1)) : d.depth === 1 ? 0.15 * (o.subDepartments || 6) / 1 : 0.4 + rng.next() * 1.6;
  });
  const cumulative = [];
  let sum = 0;
  for (const d of departments) cumulative.push((sum += d.weight));

  // Officials: a reviewer and a publisher per second-level department, assessors, publishers and evaluators at the root.
  const officials = [];
  const official = (role, department, n) => {
    const rng = rngFor(o.seed, KIND.official, officials.length);
    const user = {
      id: rng.uuid(), username: `${o.usernamePrefix}-${role}${String(n).padStart(2, '0')}`, name: SURNAMES[rng.int(SURNAMES.length)] + GIVEN[rng.int(GIVEN.length)] + GIVEN[rng.int(GIVEN.length)],
      staffNo: `GO-${String(officials.length + 1).padStart(4, '0')}`, department, roles: [role], rankLevel: role === 'evaluator' ? 'section' : 'division', title: role === 'assessor' ? '研判专员' : role === 'evaluator' ? '评审专家' : '副处长',
    };
    officials.push(user);
    return user;
  };
  const secondLevel = departments.filter((d) => d.depth === 1);
  for (const [s, d] of secondLevel.entries()) {
    d.reviewer = official('reviewer', d, s + 1);
    d.publisher = official('publisher', d, s + 1);
  }
  const assessors = Array.from({ length: 5 }, (_, i) => official('assessor', departments[0], i + 1));
  const cityPublishers = Array.from({ length: 3 }, (_, i) => official('publisher', departments[0], o.departments + i + 1));
  const evaluators = Array.from({ length: 12 }, (_, i) => official('evaluator', departments[0], i + 1));
  departments[0].reviewer = assessors[0];
  departments[0].publisher = cityPublishers[0];

  const cadres = new Array(o.cadres);
  const groups = departments.filter((d) => d.depth <= 1).map(() => []); // by second-level subtree; [0] = the root's own
  for (let i = 0; i < o.cadres; i++) {
    const rng = rngFor(o.seed, KIND.cadre, i);
    const x = rng.next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    const department = departments[lo];
    const w = RANK_WEIGHTS[department.depth];
    const rankLevel = rng.weighted(RANKS.map(([level, k]) => [level, w[k]]));
    const name = SURNAMES[rng.int(SURNAMES.length)] + GIVEN[rng.int(GIVEN.length)] + (rng.chance(0.75) ? GIVEN[rng.int(GIVEN.length)] : '');
    cadres[i] = {
      index: i, id: rng.uuid(), username: `${o.usernamePrefix}${String(i + 1).padStart(6, '0')}`, name, staffNo: `GC-${String(i + 1).padStart(6, '0')}`,
      department, roles: ['cadre'], rankLevel, title: rng.pick(TITLES[rankLevel]),
    };
    groups[department.second + 1].push(i);
  }
  const itemPairs = DEFAULT_TAXONOMY.map((item) => [item, ITEM_WEIGHTS[item.code] ?? 3]);
  return { options: o, departments, secondLevel, officials, assessors, evaluators, cityPublishers, cadres, groups, itemPairs, resolved: false };
}

/**
 * Gives every department its id and path: from `provided` (a provider's answer: `[{ key, id, path, parentId }]`)
 * or generated. With a provider, department events are the provider's business (the gateway publishes them).
 */
export function resolveDepartments(world, provided) {
  const byKey = new Map((provided ?? []).map((d) => [d.key, d]));
  for (const d of world.departments) {
    const given = byKey.get(d.key);
    if (provided && !given) throw new Error(`the department provider gave no department for ${d.key} (${d.code})`);
    d.id = given ? given.id : d.generatedId;
    if (given?.code) d.code = given.code;
    if (given?.name) d.name = given.name;
  }
  const byKeyResolved = new Map(world.departments.map((d) => [d.key, d]));
  for (const d of world.departments) {
    const parent = d.parentKey ? byKeyResolved.get(d.parentKey) : null;
    d.parentId = parent ? parent.id : null;
    d.path = byKey.get(d.key)?.path ?? (parent ? [...parent.path, d.id] : [d.id]);
  }
  world.provided = Boolean(provided);
  world.resolved = true;
  return world;
}

/**
 * A department provider that creates the tree through the gateway (`POST /api/v1/departments` as admin) under its
 * existing root; answers what `resolveDepartments` takes. `baseUrl`: e.g. `http://127.0.0.1:3000`.
 */
export function gatewayDepartmentProvider({ baseUrl, token }) {
  const call = async (method, p, body) => {
    const r = await fetch(`${baseUrl}/api/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  return async (planned) => {
    const existing = (await call('GET', '/departments')).items;
    const top = existing.find((d) => d.parentId === null);
    if (!top) throw new Error('the gateway has no root department');
    const byCode = new Map(existing.map((d) => [d.code, d]));
    const out = new Map([['root', { key: 'root', id: top.id, code: top.code, name: top.name, path: top.path, parentId: null }]]);
    const create = async (d) => {
      const parent = out.get(d.parentKey);
      const made = byCode.get(d.code) ?? (await call('POST', '/departments', { name: d.name, code: d.code, parentId: parent.id }));
      out.set(d.key, { key: d.key, id: made.id, code: made.code, name: made.name, path: made.path, parentId: made.parentId });
    };
    for (const depth of [1, 2]) {
      const level = planned.filter((d) => d.depth === depth);
      for (let i = 0; i < level.length; i += 8) await Promise.all(level.slice(i, i + 8).map(create));
    }
    return [...out.values()];
  };
}

// ── events ───────────────────────────────────────────────────────────────────────────────────────────────────────

const envelope = (rng, type, producer, occurredAt, data) => ({ eventId: rng.uuid(), type, version: 1, occurredAt: iso(occurredAt), producer, data });

function* directoryEvents(world) {
  const base = local(world.options.years[0] - 1, 11, 1, 9);
  if (!world.provided) {
    for (const d of world.departments) {
      const rng = rngFor(world.options.seed, KIND.department, 1_000_000 + d.index);
      yield { subject: DIRECTORY_EVENTS.departmentUpserted, envelope: envelope(rng, DIRECTORY_EVENTS.departmentUpserted, 'gateway', base + d.index * 1000, {
        departmentId: d.id, code: d.code, name: d.name, parentId: d.parentId, path: d.path, version: 1,
      }) };
    }
  }
  const user = (u, at, rng) => ({ subject: DIRECTORY_EVENTS.userUpserted, envelope: envelope(rng, DIRECTORY_EVENTS.userUpserted, 'gateway', at, {
    userId: u.id, username: u.username, name: u.name, staffNo: u.staffNo, departmentId: u.department.id, departmentPath: u.department.path,
    roles: u.roles, rankLevel: u.rankLevel, title: u.title, active: true, version: 1,
  }) });
  for (const [i, u] of world.officials.entries()) yield user(u, base + HOUR + i * 1000, rngFor(world.options.seed, KIND.official, 1_000_000 + i));
  for (const c of world.cadres) yield user(c, base + 2 * HOUR + c.index * 100, rngFor(world.options.seed, KIND.cadre, 1_000_000_000 + c.index));
}

/** Accumulates points per cadre and year, for the score events. */
class ScoreBook {
  constructor() {
    this.books = new Map();
  }
  add(cadreIndex, at, item, source, hundredths) {
    const year = civil(Math.floor((at + TZ) / DAY))[0];
    const key = cadreIndex * 200 + (year - 1950);
    let b = this.books.get(key);
    if (!b) this.books.set(key, (b = { cadreIndex, period: String(year), total: 0, byItem: new Map(), byMonth: new Map(), bySource: new Map(), last: 0 }));
    if (at > b.last) b.last = at;
    if (hundredths === 0) return;
    const month = monthOf(at);
    b.total += hundredths;
    b.byItem.set(item, (b.byItem.get(item) ?? 0) + hundredths);
    b.byMonth.set(month, (b.byMonth.get(month) ?? 0) + hundredths);
    b.bySource.set(source, (b.bySource.get(source) ?? 0) + hundredths);
  }
}

/** Integer hundredths per participant: 20 % in equal parts, 80 % by share (simplified; scoring's math is its own). */
function splitPoints(points, members) {
  const total = Math.round(points * 100);
  return members.map((m) => Math.round((total * 0.2) / members.length + (total * 0.8 * m.share) / 100));
}

function participantsOf(world, rng, filer) {
  const n = rng.weighted([[1, 55], [2, 30], [3, 15]]);
  const list = [{ userId: filer.id, role: 'lead', share: 100, cadre: filer }];
  if (n === 1) return list;
  const group = world.groups[filer.department.second + 1];
  const taken = new Set([filer.index]);
  for (let k = 1; k < n; k++) {
    let other;
    for (let tries = 0; tries < 8; tries++) {
      const candidate = rng.chance(0.7) && group.length > n ? group[rng.int(group.length)] : rng.int(world.cadres.length);
      if (!taken.has(candidate)) {
        other = candidate;
        break;
      }
    }
    if (other === undefined) break;
    taken.add(other);
    list.push({ userId: world.cadres[other].id, role: 'member', share: 0, cadre: world.cadres[other] });
  }
  if (list.length === 2) {
    list[0].share = rng.pick([50, 60, 70, 80]);
    list[1].share = 100 - list[0].share;
  } else if (list.length === 3) {
    list[0].share = rng.pick([40, 50, 60]);
    const rest = 100 - list[0].share;
    list[1].share = 5 * rng.range(1, rest / 5 - 1);
    list[2].share = rest - list[1].share;
  }
  return list;
}

/** The events of record `i`, in version order; its points go into `book`. */
function* recordEvents(world, i, book) {
  const { seed, years, now } = world.options;
  const rng = rngFor(seed, KIND.record, i);
  const cadres = world.cadres;
  // 80 % of records spread over everyone, 20 % over the busiest tenth.
  const filer = cadres[rng.chance(0.8) ? rng.int(cadres.length) : rng.int(Math.max(1, Math.floor(cadres.length / 10)))];
  const year = years[rng.int(years.length)];
  const fate = rng.weighted(RECORD_FATES);
  const month = rng.weighted(fate === 'submitted' || fate === 'reviewed' ? RECENT_MONTH_WEIGHTS : MONTH_WEIGHTS);
  let createdAt = local(year, month, 1 + rng.int(daysIn(year, month)), 8 + rng.int(10), rng.int(60), rng.int(60));
  if (createdAt > now - HOUR) createdAt = local(year, 0) + Math.floor(rng.next() * (now - HOUR - local(year, 0)));
  const item = rng.weighted(world.itemPairs);
  const child = rng.pick(item.children);
  const claimed = rng.weighted(IMPACT);
  const participants = participantsOf(world, rng, filer);
  const startMonth = Math.max(0, Number(monthOf(createdAt).slice(5)) - 1 - rng.int(3));
  const periodYear = Number(yearOf(createdAt));
  const reviewer = filer.department.second >= 0 ? world.secondLevel[filer.department.second].reviewer : world.assessors[1];
  const assessor = world.assessors[rng.int(world.assessors.length)];
  const state = {
    recordId: rng.uuid(), version: 1, status: 'draft', cadreId: filer.id, departmentId: filer.department.id, departmentPath: filer.department.path,
    itemCode: child.code, firstLevelCode: item.code, taxonomyVersion: 1, title: `${child.name}${rng.pick(PHRASES)}（${Number(monthOf(createdAt).slice(5))}月）`,
    periodStart: `${periodYear}-${String(startMonth + 1).padStart(2, '0')}-01`, periodEnd: dayOf(createdAt), claimedImpactLevel: claimed,
    confirmedImpactLevel: null, rating: null, participants: participants.map(({ userId, role, share }) => ({ userId, role, share })),
    submittedAt: null, verifiedAt: null, createdAt: iso(createdAt),
  };
  yield { subject: RECORD_EVENTS.created, envelope: envelope(rng, RECORD_EVENTS.created, 'records', createdAt, {
    recordId: state.recordId, version: 1, cadreId: state.cadreId, departmentId: state.departmentId, departmentPath: state.departmentPath,
    itemCode: state.itemCode, firstLevelCode: state.firstLevelCode, title: state.title, status: 'draft', createdAt: state.createdAt,
  }) };
  let t = createdAt;
  // One transition: its event, unless it would happen after `now` (the record then stays where it is).
  const steps = [];
  const plan = (type, action, to, actor, meanDelayMs, minDelayMs, comment = '') => steps.push({ type, action, to, actor, meanDelayMs, minDelayMs, comment });
  const submit = () => plan(RECORD_EVENTS.submitted, 'submit', 'submitted', filer, 3 * DAY, HOUR / 2);
  const edit = () => plan(RECORD_EVENTS.updated, 'edit', 'draft', filer, 1 * DAY, HOUR);
  const approve = () => plan(RECORD_EVENTS.reviewed, 'review:approve', 'reviewed', reviewer, 4 * DAY, 2 * HOUR, rng.pick(['', '情况属实', '同意上报']));
  const reviewReturn = () => plan(RECORD_EVENTS.returned, 'review:return', 'draft', reviewer, 3 * DAY, 2 * HOUR, '请补充佐证材料');
  const assessReturn = () => plan(RECORD_EVENTS.returned, 'assess:return', 'draft', assessor, 5 * DAY, 4 * HOUR, '影响层级依据不足，请补充');
  const confirm = () => plan(RECORD_EVENTS.verified, 'assess:confirm', 'verified', assessor, 6 * DAY, 4 * HOUR, rng.pick(['研判通过', '']));
  const returnCycle = () => {
    submit();
    if (rng.chance(0.6)) reviewReturn();
    else {
      approve();
      assessReturn();
    }
    if (rng.chance(0.6)) edit();
  };
  if (rng.chance(0.1) && fate !== 'draft' && fate !== 'returned') returnCycle();
  switch (fate) {
    case 'draft':
      if (rng.chance(0.3)) edit();
      break;
    case 'returned':
      returnCycle();
      break;
    case 'submitted':
      submit();
      break;
    case 'reviewed':
      submit();
      approve();
      break;
    case 'rejected':
      submit();
      plan(RECORD_EVENTS.rejected, 'review:reject', 'rejected', reviewer, 4 * DAY, 2 * HOUR, '不属于纪实范围');
      break;
    case 'verified':
    case 'revoked':
      submit();
      approve();
      confirm();
      if (fate === 'revoked') plan(RECORD_EVENTS.revoked, 'revoke', 'revoked', assessor, 30 * DAY, 5 * DAY, '经核查存在虚报，予以撤销');
      break;
  }
  for (const step of steps) {
    const at = Math.floor(t + rng.exp(step.meanDelayMs, step.minDelayMs));
    if (at > now) break;
    const fromStatus = state.status;
    state.version += 1;
    state.status = step.to;
    if (step.action === 'submit') state.submittedAt = iso(at);
    if (step.action === 'edit') state.title = `${state.title.replace(/（修订）$/, '')}（修订）`;
    if (step.action === 'assess:confirm') {
      state.verifiedAt = iso(at);
      state.rating = rng.weighted(RATING);
      const k = IMPACT_ORDER.indexOf(claimed);
      state.confirmedImpactLevel = rng.chance(0.2) && k > 0 ? IMPACT_ORDER[k - 1] : claimed;
    }
    t = at;
    yield { subject: step.type, envelope: envelope(rng, step.type, 'records', at, {
      ...state, participants: state.participants, fromStatus, action: step.action, actorId: step.actor.id, comment: step.comment, occurredAt: iso(at),
    }) };
  }
  if (state.status === 'verified') {
    const verifiedAt = Date.parse(state.verifiedAt);
    const points = (BASE_POINTS[item.code] ?? 5) * IMPACT_FACTOR[state.confirmedImpactLevel] * RATING_FACTOR[state.rating];
    const shares = splitPoints(points, participants);
    participants.forEach((p, k) => book.add(p.cadre.index, verifiedAt, item.code, `record:${state.recordId}`, shares[k]));
  }
  world.stats.records[state.status] = (world.stats.records[state.status] ?? 0) + 1;
  const filedIn = yearOf(createdAt);
  world.stats.recordsFiledIn[filedIn] = (world.stats.recordsFiledIn[filedIn] ?? 0) + 1;
}

function teamOf(world, rng, createdAt) {
  const size = rng.range(2, 5);
  const taken = new Set();
  const members = [];
  while (members.length < size) {
    const c = world.cadres[rng.int(world.cadres.length)];
    if (taken.has(c.index)) continue;
    taken.add(c.index);
    members.push({ userId: c.id, role: members.length === 0 ? 'lead' : 'member', share: 0, departmentId: c.department.id, departmentPath: c.department.path, cadre: c });
  }
  members[0].share = 5 * rng.range(6, 10);
  const rest = 100 - members[0].share;
  const each = Math.floor(rest / (size - 1));
  members.slice(1).forEach((m, k) => (m.share = each + (k === 0 ? rest - each * (size - 1) : 0)));
  const lead = members[0].cadre;
  const formedAt = createdAt + Math.floor(rng.exp(DAY, HOUR));
  return {
    teamId: rng.uuid(), teamName: `${lead.name}攻坚小组`, leadId: lead.id, members, createdBy: lead.id, version: size, createdAt, formedAt,
  };
}
const teamFact = (team) => ({ teamId: team.teamId, teamName: team.teamName, leadId: team.leadId, members: team.members.map(({ cadre: _c, ...m }) => m) });

function verdictOf(tally) {
  let best = null;
  let count = 0;
  for (const v of VERDICTS) if (tally[v] > 0 && tally[v] >= count) [best, count] = [v, tally[v]];
  return best;
}

/** The events of task `i`, in version order (teams formed before their bids); rewards go into `book`. */
function* taskEvents(world, i, book) {
  const { seed, years, now } = world.options;
  const rng = rngFor(seed, KIND.task, i);
  const year = years[rng.int(years.length)];
  const fate = rng.weighted(TASK_FATES);
  let createdAt = local(year, rng.int(12), 1 + rng.int(28), 9 + rng.int(8), rng.int(60));
  if (createdAt > now - 30 * DAY) createdAt = local(year, 0) + Math.floor(rng.next() * Math.max(DAY, now - 30 * DAY - local(year, 0)));
  const department = rng.chance(0.2) ? world.departments[0] : rng.pick(world.secondLevel);
  const publisher = department.depth === 0 ? rng.pick(world.cityPublishers) : department.publisher;
  const publishedAt = createdAt + Math.floor(rng.exp(2 * DAY, HOUR));
  const biddingDeadline = publishedAt + rng.range(14, 30) * DAY;
  const deliveryDeadline = biddingDeadline + rng.range(60, 180) * DAY;
  const flags = rng.chance(0.3) ? [rng.pick(TASK_FLAGS)] : [];
  const task = {
    taskId: rng.uuid(), version: 1, status: 'draft', batchId: `batch-${year}-${String(Math.floor(i / 20) + 1).padStart(4, '0')}`,
    title: `${rng.pick(TASK_TOPICS)}（第${i + 1}号）`, domain: rng.pick(TASK_DOMAINS), flags, rewardPoints: rng.pick([10, 20, 30, 50]), allowRace: rng.chance(0.15),
    publisherId: publisher.id, departmentId: department.id, departmentPath: department.path, biddingDeadline: iso(biddingDeadline), deliveryDeadline: iso(deliveryDeadline),
    createdAt: iso(createdAt), publishedAt: null,
  };
  const base = (to, action, actor, at) => {
    const fromStatus = task.status;
    task.version += 1;
    task.status = to;
    return {
      taskId: task.taskId, version: task.version, status: to, fromStatus, action, actorId: actor.id, batchId: task.batchId, title: task.title, domain: task.domain,
      flags: task.flags, rewardPoints: task.rewardPoints, allowRace: task.allowRace, publisherId: task.publisherId, departmentId: task.departmentId,
      departmentPath: task.departmentPath, biddingDeadline: task.biddingDeadline, deliveryDeadline: task.deliveryDeadline, createdAt: task.createdAt,
      publishedAt: task.publishedAt, occurredAt: iso(at),
    };
  };
  const emit = (type, at, data) => ({ subject: type, envelope: envelope(rng, type, 'tasks', at, data) });
  const done = () => (world.stats.tasks[task.status] = (world.stats.tasks[task.status] ?? 0) + 1);

  if (fate === 'withdrawn') {
    const at = createdAt + Math.floor(rng.exp(3 * DAY, HOUR));
    if (at <= now) yield emit(TASK_EVENTS.withdrawn, at, { ...base('withdrawn', 'withdraw', publisher, at), comment: '任务调整，撤回', withdrawnAt: iso(at) });
    return done();
  }
  if (publishedAt > now) return done();
  task.publishedAt = iso(publishedAt);
  const evaluatorIds = [];
  while (evaluatorIds.length < 5) {
    const e = rng.pick(world.evaluators).id;
    if (!evaluatorIds.includes(e)) evaluatorIds.push(e);
  }
  const milestones = Array.from({ length: rng.range(2, 3) }, (_, k) => ({ name: `里程碑${k + 1}`, dueDate: dayOf(biddingDeadline + ((deliveryDeadline - biddingDeadline) * (k + 1)) / 3) }));
  yield emit(TASK_EVENTS.published, publishedAt, { ...base('open', 'publish', publisher, publishedAt), evaluatorIds, milestones, publishedAt: task.publishedAt });

  const bidCount = fate === 'unclaimed' ? 0 : fate === 'open' ? rng.range(0, 2) : rng.range(1, 4);
  const bids = [];
  for (let k = 0; k < bidCount; k++) {
    const team = teamOf(world, rng, publishedAt + Math.floor(rng.next() * (biddingDeadline - publishedAt) * 0.5));
    const submittedAt = team.formedAt + Math.floor(rng.exp(2 * DAY, HOUR));
    if (submittedAt >= biddingDeadline || submittedAt > now) continue;
    if (team.formedAt <= now) {
      yield emit(TASK_EVENTS.teamFormed, team.formedAt, { ...teamFact(team), version: team.version, createdBy: team.createdBy, createdAt: iso(team.createdAt), formedAt: iso(team.formedAt), occurredAt: iso(team.formedAt) });
    }
    const bidId = `${task.taskId}_${bids.length + 1}`;
    task.version += 1;
    bids.push({ bidId, team, submittedAt });
    yield emit(TASK_EVENTS.bidSubmitted, submittedAt, {
      bidId, version: 1, taskId: task.taskId, batchId: task.batchId, taskTitle: task.title, domain: task.domain, ...teamFact(team), submittedAt: iso(submittedAt), occurredAt: iso(submittedAt),
    });
  }
  if (fate === 'open' || biddingDeadline > now) return done();
  const closedAt = biddingDeadline;
  if (bids.length === 0) {
    yield emit(TASK_EVENTS.unclaimed, closedAt, { ...base('unclaimed', 'closeBidding', publisher, closedAt), biddingClosedAt: iso(closedAt) });
    return done();
  }
  yield emit(TASK_EVENTS.biddingClosed, closedAt, { ...base('evaluating', 'closeBidding', publisher, closedAt), bidIds: bids.map((b) => b.bidId), teamIds: bids.map((b) => b.team.teamId), biddingClosedAt: iso(closedAt) });
  if (fate === 'evaluating') return done();
  const awardedAt = closedAt + Math.floor(rng.exp(4 * DAY, DAY));
  if (awardedAt > now) return done();
  task.version += 5 * bids.length; // the evaluations
  const ranking = bids
    .map((b) => ({ bidId: b.bidId, teamId: b.team.teamId, score: Math.round((60 + rng.next() * 35) * 100) / 100, rank: null, evaluationCount: 5, divergent: rng.chance(0.05) }))
    .sort((a, b) => b.score - a.score)
    .map((b, k) => ({ ...b, rank: k + 1 }));
  const awarded = ranking.slice(0, task.allowRace && ranking.length > 1 ? 2 : 1);
  const awardedBids = awarded.map((a) => bids.find((b) => b.bidId === a.bidId));
  yield emit(TASK_EVENTS.awarded, awardedAt, { ...base('in_progress', 'award', publisher, awardedAt), bidIds: awarded.map((a) => a.bidId), teamIds: awarded.map((a) => a.teamId), awarded, ranking, awardedAt: iso(awardedAt) });
  if (fate === 'in_progress') return done();
  const resultsAt = Math.min(deliveryDeadline, awardedAt + Math.floor(rng.exp(60 * DAY, 20 * DAY)));
  if (resultsAt > now) return done();
  task.version += 2 + awardedBids.length - 1; // progress notes, the other awarded teams' results
  const last = awardedBids[awardedBids.length - 1];
  yield emit(TASK_EVENTS.resultsSubmitted, resultsAt, {
    ...base('reviewing', 'submitResults', last.team.members[0].cadre, resultsAt), bidId: last.bidId, teamId: last.team.teamId, deliverableCount: rng.range(1, 5), awardedAt: iso(awardedAt), resultsSubmittedAt: iso(resultsAt),
  });
  if (fate === 'reviewing') return done();
  const concludedAt = resultsAt + Math.floor(rng.exp(7 * DAY, DAY));
  if (concludedAt > now) return done();
  const tally = { excellent: 0, pass: 0, tolerated: 0, fail: 0 };
  for (let k = 0; k < 5; k++) tally[rng.weighted([['excellent', 25], ['pass', 55], ['tolerated', 15], ['fail', 5]])] += 1;
  const verdict = verdictOf(tally);
  task.version += 5; // the reviews
  yield emit(TASK_EVENTS.concluded, concludedAt, {
    ...base('concluded', 'conclude', publisher, concludedAt), verdict, verdictTally: tally, reviewCount: 5,
    teams: awardedBids.map((b) => ({ ...teamFact(b.team), bidId: b.bidId })), awardedAt: iso(awardedAt), resultsSubmittedAt: iso(resultsAt), concludedAt: iso(concludedAt),
  });
  const points = task.rewardPoints * VERDICT_FACTOR[verdict] * (task.flags.length ? 1.2 : 1);
  for (const b of awardedBids) {
    const shares = splitPoints(points, b.team.members);
    b.team.members.forEach((m, k) => book.add(m.cadre.index, concludedAt, 'TASK', `task:${task.taskId}`, shares[k]));
  }
  return done();
}

function* scoreEvents(world, book) {
  const { seed, now } = world.options;
  let n = 0;
  for (const b of book.books.values()) {
    const rng = rngFor(seed, KIND.score, n++);
    const cadre = world.cadres[b.cadreIndex];
    const at = Math.min(now, b.last + 10 * 60_000 + rng.int(50 * 60_000));
    yield { subject: SCORING_EVENTS.scoreUpdated, envelope: envelope(rng, SCORING_EVENTS.scoreUpdated, 'scoring', at, {
      cadreId: cadre.id, period: b.period, total: b.total / 100, totalHundredths: b.total,
      byItem: Object.fromEntries(b.byItem), byMonth: Object.fromEntries([...b.byMonth].sort()), bySource: Object.fromEntries(b.bySource),
      departmentId: cadre.department.id, departmentPath: cadre.department.path, standardVersion: 1, revision: at, updatedAt: iso(at),
    }) };
  }
  world.stats.scores = n;
}

/**
 * Every event of the world, in publication order: `{ subject, envelope }`. Departments are generated (ids and
 * events) unless `resolveDepartments` was given a provider's answer first. Fills `world.stats` as it goes.
 */
export function* events(world) {
  if (!world.resolved) resolveDepartments(world);
  world.stats = { records: {}, recordsFiledIn: {}, tasks: {}, scores: 0 };
  const book = new ScoreBook();
  yield* directoryEvents(world);
  for (let i = 0; i < world.options.tasks; i++) yield* taskEvents(world, i, book);
  for (let i = 0; i < world.options.records; i++) yield* recordEvents(world, i, book);
  yield* scoreEvents(world, book);
}

// ── publication ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Creates the platform's streams as `libs/messaging` `ensureStream` does, when they do not exist yet. */
export async function ensureStreams(nc) {
  const { DiscardPolicy, RetentionPolicy, StorageType, nanos } = require('nats');
  const jsm = await nc.jetstreamManager();
  for (const spec of Object.values(STREAMS)) {
    try {
      await jsm.streams.info(spec.name);
    } catch {
      await jsm.streams.add({
        name: spec.name, subjects: [...spec.subjects], storage: StorageType.File, retention: RetentionPolicy.Limits, discard: DiscardPolicy.Old, num_replicas: 1, duplicate_window: nanos(2 * 60_000),
      }).catch((error) => {
        if (!/already in use|exists/i.test(String(error?.message))) throw error;
      });
    }
  }
}

/** `js.publish(subject, data, { msgID, headers })`: the client library's JetStream publication, one request each. */
function jsTransport(nc) {
  const js = nc.jetstream();
  return {
    publish: (subject, bytes, msgID, headers) => js.publish(subject, bytes, { msgID, headers, timeout: 30_000 }),
    close: () => undefined,
  };
}

/**
 * The same publication at the protocol level: a core publish with the `Nats-Msg-Id` header and a reply subject
 * under one inbox subscription, whose PubAck (or error, or 503 "no responders") settles it. Spares the client's
 * per-request machinery (its own timer, error object and promise chain), for higher rates in load tests.
 */
function coreTransport(nc) {
  const { createInbox } = require('nats');
  const prefix = `${createInbox()}.`;
  const pending = new Map();
  const decoder = new TextDecoder();
  let seq = 0;
  const sub = nc.subscribe(`${prefix}*`, {
    callback: (error, msg) => {
      if (error) return;
      const token = msg.subject.slice(prefix.length);
      const waiting = pending.get(token);
      if (!waiting) return;
      pending.delete(token);
      if (msg.headers && msg.headers.code >= 300) return waiting.reject(new Error(`${msg.headers.code} ${msg.headers.description}`));
      const ack = JSON.parse(decoder.decode(msg.data));
      if (ack.error) return waiting.reject(new Error(`${ack.error.code} ${ack.error.description}`));
      waiting.resolve(ack);
    },
  });
  const sweeper = setInterval(() => {
    const limit = Date.now() - 30_000;
    for (const [token, waiting] of pending) {
      if (waiting.sentAt < limit) {
        pending.delete(token);
        waiting.reject(new Error('timed out waiting for the PubAck'));
      }
    }
  }, 5_000);
  return {
    publish: (subject, bytes, msgID, headers) =>
      new Promise((resolve, reject) => {
        const token = (++seq).toString(36);
        headers.set('Nats-Msg-Id', msgID);
        pending.set(token, { resolve, reject, sentAt: Date.now() });
        nc.publish(subject, bytes, { reply: prefix + token, headers });
      }),
    close: () => {
      clearInterval(sweeper);
      sub.unsubscribe();
    },
  };
}

/**
 * Publishes `{ subject, envelope }`s with `msgID = eventId` (and a W3C traceparent, like the platform's publisher),
 * `concurrency` in flight on one connection (so each aggregate's events are stored in order), optionally at most
 * `rate` events/s. `publisher`: 'js' (`js.publish`, the default) or 'core' (the same at the protocol level, faster).
 * A failed publication is retried (the msgID makes that safe). Answers `{ published, duplicates, perStream, seconds,
 * eventsPerSecond }`.
 */
export async function publishEvents(nc, iterable, { concurrency = 1_000, rate = 0, traceHeaders = true, publisher = 'js', onProgress, progressEveryMs = 2_000 } = {}) {
  const { headers: natsHeaders } = require('nats');
  const transport = publisher === 'core' ? coreTransport(nc) : jsTransport(nc);
  const encoder = new TextEncoder();
  const perStream = Object.fromEntries(Object.keys(STREAMS).map((s) => [s, 0]));
  let published = 0;
  let duplicates = 0;
  let inflight = 0;
  let failure;
  let wake;
  const started = performance.now();
  let lastReport = started;
  const settle = () => {
    inflight -= 1;
    if (wake && (inflight < concurrency || inflight === 0)) {
      const w = wake;
      wake = undefined;
      w();
    }
  };
  const send = (subject, env, bytes, attempt) => {
    const h = natsHeaders();
    if (traceHeaders) {
      const id = env.eventId;
      h.set('traceparent', `00-${id.replace(/-/g, '')}-${id.slice(0, 8)}${id.slice(9, 13)}${id.slice(14, 18)}-01`);
    }
    transport.publish(subject, bytes, env.eventId, h).then(
      (ack) => {
        published += 1;
        if (ack.duplicate) duplicates += 1;
        perStream[ack.stream] = (perStream[ack.stream] ?? 0) + 1;
        settle();
      },
      (error) => {
        if (attempt < 3) return void setTimeout(() => send(subject, env, bytes, attempt + 1), 250 * (attempt + 1));
        failure ??= new Error(`publishing ${subject} ${env.eventId} failed: ${error?.message ?? error}`);
        settle();
      },
    );
  };
  let offered = 0;
  try {
    for (const { subject, envelope: env } of iterable) {
      if (failure) break;
      if (inflight >= concurrency) await new Promise((resolve) => (wake = resolve));
      if (rate > 0 && offered % 100 === 0) {
        const wait = started + (offered / rate) * 1000 - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      inflight += 1;
      offered += 1;
      send(subject, env, encoder.encode(JSON.stringify(env)), 0);
      if (onProgress && offered % 1000 === 0) {
        const t = performance.now();
        if (t - lastReport >= progressEveryMs) {
          lastReport = t;
          onProgress({ published, offered, seconds: (t - started) / 1000, eventsPerSecond: published / ((t - started) / 1000) });
        }
      }
    }
    while (inflight > 0) await new Promise((resolve) => (wake = resolve));
  } finally {
    transport.close();
  }
  if (failure) throw failure;
  const seconds = (performance.now() - started) / 1000;
  return { published, duplicates, perStream, seconds, eventsPerSecond: published / seconds };
}

/**
 * Builds the world, resolves its departments (through `options.departmentProvider`, e.g. `gatewayDepartmentProvider`,
 * or generated), and publishes every event to `options.natsUrl` (or the connection `options.nc`). Answers the world
 * (cadres with ids, departments with ids and paths, officials) and the publication's figures.
 */
export async function generate(options = {}) {
  const { connect } = require('nats');
  const world = buildWorld(options);
  const o = world.options;
  resolveDepartments(world, options.departmentProvider ? await options.departmentProvider(world.departments.map(({ key, code, name, parentKey, depth }) => ({ key, code, name, parentKey, depth }))) : undefined);
  const nc = options.nc ?? (await connect({ servers: String(options.natsUrl ?? '').split(','), name: 'analytics-events-generator', maxReconnectAttempts: -1, noAsyncTraces: true }));
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  try {
    if (o.ensureStreams) await ensureStreams(nc);
    log(`[generate] ${o.cadres.toLocaleString()} cadres, ${o.records.toLocaleString()} records, ${o.tasks.toLocaleString()} tasks, ${world.departments.length} departments, years ${o.years.join(',')}, seed ${o.seed}, ${o.concurrency} in flight (${o.publisher === 'core' ? 'core publish + PubAck inbox' : 'js.publish'})${o.rate ? `, ≤ ${o.rate}/s` : ''}`);
    const stats = await publishEvents(nc, events(world), {
      concurrency: o.concurrency, rate: o.rate, traceHeaders: o.traceHeaders, publisher: o.publisher,
      onProgress: options.onProgress ?? ((p) => log(`[generate]   ${p.published.toLocaleString()} events (${p.seconds.toFixed(0)} s, ${Math.round(p.eventsPerSecond).toLocaleString()}/s)`)),
    });
    log(`[generate] published ${stats.published.toLocaleString()} events in ${stats.seconds.toFixed(1)} s: ${Math.round(stats.eventsPerSecond).toLocaleString()} events/s ${JSON.stringify(stats.perStream)}${stats.duplicates ? `, ${stats.duplicates} duplicates dropped by JetStream` : ''}`);
    return { world, stats: { ...stats, ...world.stats } };
  } finally {
    if (!options.nc) await nc.drain();
  }
}

// ── validation (--check) ─────────────────────────────────────────────────────────────────────────────────────────

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The records and tasks services' pure domain rules, from their build (so the check follows the real workflow). */
function loadDomainRules() {
  const load = (p) => {
    try {
      return require(path.join(root, p));
    } catch (error) {
      throw new Error(`--check needs the services built (npm run build): cannot load ${p}: ${error.message}`);
    }
  };
  return {
    recordWorkflow: load('services/records/dist/records/domain/workflow.js'),
    participants: load('services/records/dist/records/domain/participants.js'),
    taskLifecycle: load('services/tasks/dist/tasks/domain/lifecycle.js'),
    teamShares: load('services/tasks/dist/tasks/domain/shares.js'),
    verdicts: load('services/tasks/dist/tasks/domain/verdict.js'),
  };
}

/**
 * Validates every envelope against the contracts and the domain rules: envelope shape, unique event ids, subject
 * = type within its stream; records: versions +1 from 1, `fromStatus` = the previous status, every transition
 * allowed by records' `workflow.transition`, participants valid by records' `participantProblems` (shares sum to
 * 100, the filer included and lead), facts stable across a record's events, timestamps in order and not after
 * `now`; tasks: versions increasing, transitions allowed by tasks' `lifecycle.transition`, teams valid by
 * `teamMemberProblems`, verdict = `verdictOf` the tally; users/departments: paths end in their department; scores:
 * byItem/byMonth/bySource each sum to totalHundredths, total = hundredths / 100, the cadre's department path.
 * Answers `{ events, errors (first 50), errorCount, counts }`.
 */
export function checkEvents(world, iterable) {
  const rules = loadDomainRules();
  const errors = [];
  let errorCount = 0;
  const fail = (subject, id, message) => {
    errorCount += 1;
    if (errors.length < 50) errors.push(`${subject} ${id}: ${message}`);
  };
  const eventIds = new Set();
  const records = new Map();
  const tasks = new Map();
  const departments = new Map();
  const users = new Map();
  const counts = {};
  const scored = new Set();
  const now = world.options.now;
  let n = 0;
  const EVENT_TO_ACTION = { [RECORD_EVENTS.submitted]: ['submit'], [RECORD_EVENTS.reviewed]: ['review:approve'], [RECORD_EVENTS.returned]: ['review:return', 'assess:return'], [RECORD_EVENTS.rejected]: ['review:reject'], [RECORD_EVENTS.verified]: ['assess:confirm'], [RECORD_EVENTS.revoked]: ['revoke'] };
  const TASK_ACTION = { [TASK_EVENTS.published]: 'publish', [TASK_EVENTS.withdrawn]: 'withdraw', [TASK_EVENTS.biddingClosed]: 'closeBidding', [TASK_EVENTS.unclaimed]: 'closeBidding', [TASK_EVENTS.awarded]: 'award', [TASK_EVENTS.resultsSubmitted]: 'submitResults', [TASK_EVENTS.concluded]: 'conclude' };
  const streamSubjects = Object.values(STREAMS).flatMap((s) => s.subjects.map((p) => p.replace('>', '')));
  const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);

  for (const { subject, envelope: e } of iterable) {
    n += 1;
    counts[subject] = (counts[subject] ?? 0) + 1;
    const d = e?.data;
    const id = d?.recordId ?? d?.taskId ?? d?.bidId ?? d?.teamId ?? d?.userId ?? d?.departmentId ?? d?.cadreId ?? e?.eventId;
    const bad = (message) => fail(subject, id, message);
    // the envelope
    if (!e || typeof e !== 'object') {
      bad('not an object');
      continue;
    }
    if (Object.keys(e).sort().join() !== 'data,eventId,occurredAt,producer,type,version') bad(`envelope keys ${Object.keys(e).join()}`);
    if (!UUID_RE.test(e.eventId)) bad(`eventId ${e.eventId}`);
    if (eventIds.has(e.eventId)) bad(`duplicate eventId ${e.eventId}`);
    eventIds.add(e.eventId);
    if (e.type !== subject) bad(`type ${e.type} ≠ subject`);
    if (e.version !== 1) bad(`envelope version ${e.version}`);
    if (!ISO_RE.test(e.occurredAt) || Date.parse(e.occurredAt) > now) bad(`occurredAt ${e.occurredAt}`);
    if (!streamSubjects.some((p) => subject.startsWith(p))) bad('subject in no stream');
    const producer = { directory: 'gateway', records: 'records', tasks: 'tasks', scoring: 'scoring' }[subject.split('.')[0]];
    if (e.producer !== producer) bad(`producer ${e.producer}`);
    if (d && typeof d === 'object' && 'occurredAt' in d && d.occurredAt !== e.occurredAt) bad('data.occurredAt ≠ envelope occurredAt');

    if (subject === DIRECTORY_EVENTS.departmentUpserted) {
      if (d.path.at(-1) !== d.departmentId || (d.parentId ?? null) !== (d.path.at(-2) ?? null)) bad('path/parent inconsistent');
      if (d.parentId && !departments.has(d.parentId)) bad('parent not upserted before');
      departments.set(d.departmentId, d);
    } else if (subject === DIRECTORY_EVENTS.userUpserted) {
      if (d.departmentPath.at(-1) !== d.departmentId) bad('departmentPath does not end in departmentId');
      if (!world.provided && !departments.has(d.departmentId)) bad('unknown department');
      if (!['division', 'section', 'staff'].includes(d.rankLevel) || !d.roles.length || d.version !== 1 || d.active !== true) bad('user fields');
      if (!/^[a-z][a-z0-9._-]{2,31}$/.test(d.username) || !/^[A-Za-z0-9-]{1,32}$/.test(d.staffNo) || !d.name) bad('username/staffNo/name shape');
      users.set(d.userId, d);
    } else if (subject.startsWith('records.record.')) {
      const prev = records.get(d.recordId);
      if (!ID_RE.test(d.recordId)) bad('recordId shape');
      const owner = users.get(d.cadreId);
      if (!owner || !owner.roles.includes('cadre')) bad('filer is not a known cadre');
      else if (owner.departmentPath.join() !== d.departmentPath.join() || owner.departmentId !== d.departmentId) bad('department ≠ the filer\'s');
      if (!DEFAULT_TAXONOMY.some((i) => i.code === d.firstLevelCode && i.children.some((c) => c.code === d.itemCode))) bad(`item ${d.itemCode}`);
      if (subject === RECORD_EVENTS.created) {
        if (prev) bad('created twice');
        if (d.version !== 1 || d.status !== 'draft' || d.createdAt !== e.occurredAt) bad('created: version 1, draft, createdAt = occurredAt');
        records.set(d.recordId, { version: 1, status: 'draft', at: Date.parse(e.occurredAt), createdAt: d.createdAt, cadreId: d.cadreId, itemCode: d.itemCode });
        continue;
      }
      if (!prev) {
        bad('transition before created');
        continue;
      }
      if (d.version !== prev.version + 1) bad(`version ${d.version} after ${prev.version}`);
      if (d.fromStatus !== prev.status) bad(`fromStatus ${d.fromStatus} ≠ ${prev.status}`);
      if (d.createdAt !== prev.createdAt || d.cadreId !== prev.cadreId) bad('createdAt/cadreId changed');
      if (Date.parse(e.occurredAt) < prev.at) bad('occurredAt before the previous event');
      if (subject === RECORD_EVENTS.updated) {
        if (d.action !== 'edit' || d.fromStatus !== 'draft' || d.status !== 'draft') bad('updated: edit of a draft');
      } else {
        const actions = EVENT_TO_ACTION[subject] ?? [];
        if (!actions.includes(d.action)) bad(`action ${d.action} for ${subject}`);
        const moved = rules.recordWorkflow.transition(prev.status, d.action);
        if (!moved.ok) bad(moved.reason);
        else if (moved.to !== d.status) bad(`status ${d.status}, the workflow says ${moved.to}`);
      }
      const problems = rules.participants.participantProblems(d.cadreId, d.participants);
      if (problems.length) bad(`participants: ${problems.map((p) => p.message).join('; ')}`);
      if (d.participants.length < 1 || d.participants.length > 3 || d.participants[0].userId !== d.cadreId || d.participants[0].role !== 'lead') bad('1–3 participants, the filer leading');
      if (d.participants.some((p) => !Number.isInteger(p.share) || p.share < 1 || !users.get(p.userId)?.roles.includes('cadre'))) bad('participant share or user');
      if (d.status === 'submitted' && d.submittedAt !== e.occurredAt) bad('submittedAt ≠ the submission');
      if (['submitted', 'reviewed', 'verified', 'rejected', 'revoked'].includes(d.status) && !d.submittedAt) bad('submittedAt missing');
      if (['verified', 'revoked'].includes(d.status)) {
        if (!d.verifiedAt || !['excellent', 'good', 'pass', 'none'].includes(d.rating) || !IMPACT_ORDER.includes(d.confirmedImpactLevel)) bad('verified without verifiedAt/rating/confirmedImpactLevel');
        if (d.status === 'verified' && d.verifiedAt !== e.occurredAt) bad('verifiedAt ≠ the verification');
      } else if (d.verifiedAt || d.rating || d.confirmedImpactLevel) bad('verification facts before verification');
      if (!IMPACT_ORDER.includes(d.claimedImpactLevel) || !/^\d{4}-\d{2}-\d{2}$/.test(d.periodStart) || d.periodStart > d.periodEnd || d.taxonomyVersion !== 1) bad('period/impact/taxonomy');
      if (!users.has(d.actorId)) bad('unknown actor');
      Object.assign(prev, { version: d.version, status: d.status, at: Date.parse(e.occurredAt) });
    } else if (subject === TASK_EVENTS.teamFormed) {
      const problems = rules.teamShares.teamMemberProblems(d.leadId, d.members);
      if (problems.length) bad(`team: ${problems.map((p) => p.message).join('; ')}`);
      if (d.members.some((m) => users.get(m.userId)?.departmentPath.join() !== m.departmentPath.join())) bad('member department ≠ the directory\'s');
    } else if (subject === TASK_EVENTS.bidSubmitted) {
      const task = tasks.get(d.taskId);
      if (!task || task.status !== 'open') bad('bid on a task that is not open');
      else task.version += 1;
      if (!d.bidId.startsWith(`${d.taskId}_`) || d.version !== 1) bad('bid id/version');
      const problems = rules.teamShares.teamMemberProblems(d.leadId, d.members);
      if (problems.length) bad(`bid team: ${problems.map((p) => p.message).join('; ')}`);
      if (task) task.bids.push(d.bidId);
    } else if (subject.startsWith('tasks.task.')) {
      const prev = tasks.get(d.taskId) ?? { version: 1, status: 'draft', bids: [], at: 0 };
      if (d.version <= prev.version) bad(`version ${d.version} after ${prev.version}`);
      if (d.fromStatus !== prev.status) bad(`fromStatus ${d.fromStatus} ≠ ${prev.status}`);
      if (d.action !== TASK_ACTION[subject]) bad(`action ${d.action}`);
      const moved = rules.taskLifecycle.transition(prev.status, d.action, { bidCount: prev.bids.length, pendingReviews: 0, reviewCount: d.reviewCount ?? 0 });
      if (!moved.ok) bad(moved.reason);
      else if (moved.to !== d.status || rules.taskLifecycle.eventTypeFor(moved.to) !== subject) bad(`status ${d.status}, the lifecycle says ${moved.to}`);
      if (Date.parse(e.occurredAt) < prev.at) bad('occurredAt before the previous event');
      if (subject === TASK_EVENTS.biddingClosed && d.bidIds.join() !== prev.bids.join()) bad('bidding_closed bids ≠ the bids submitted');
      if (subject === TASK_EVENTS.awarded && (!d.bidIds.every((b) => prev.bids.includes(b)) || d.bidIds.length !== d.teamIds.length || (!d.allowRace && d.bidIds.length > 1))) bad('award');
      if (subject === TASK_EVENTS.concluded) {
        const tally = Object.entries(d.verdictTally).flatMap(([v, k]) => Array(k).fill(v));
        if (rules.verdicts.verdictOf(tally) !== d.verdict || tally.length !== d.reviewCount) bad('verdict ≠ the tally');
        for (const team of d.teams) {
          const problems = rules.teamShares.teamMemberProblems(team.leadId, team.members);
          if (problems.length) bad(`concluded team: ${problems.map((p) => p.message).join('; ')}`);
          if (!prev.bids.includes(team.bidId)) bad('concluded team without a bid');
        }
      }
      tasks.set(d.taskId, { ...prev, version: d.version, status: d.status, at: Date.parse(e.occurredAt) });
    } else if (subject === SCORING_EVENTS.scoreUpdated) {
      const key = `${d.cadreId}|${d.period}`;
      if (scored.has(key)) bad('two scores for one cadre-year');
      scored.add(key);
      const owner = users.get(d.cadreId);
      if (!owner || owner.departmentPath.join() !== d.departmentPath.join() || owner.departmentId !== d.departmentId) bad('department ≠ the cadre\'s');
      if (!Number.isInteger(d.totalHundredths) || d.total !== d.totalHundredths / 100) bad('total ≠ hundredths / 100');
      if (sum(d.byItem) !== d.totalHundredths || sum(d.byMonth) !== d.totalHundredths || sum(d.bySource) !== d.totalHundredths) bad('byItem/byMonth/bySource do not sum to totalHundredths');
      if (Object.keys(d.byMonth).some((m) => !m.startsWith(`${d.period}-`))) bad('a month outside the period');
      if (Object.keys(d.bySource).some((s) => !/^(record|task):/.test(s))) bad('source key shape');
      if (d.revision !== Date.parse(d.updatedAt)) bad('revision ≠ updatedAt');
    } else bad('unexpected subject');
  }
  return { events: n, errors, errorCount, counts, records: records.size, tasks: tasks.size, users: users.size, scores: scored.size };
}

// ── CLI ──────────────────────────────────────────────────────────────────────────────────────────────────────────

const freePort = () => new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

async function privateNats() {
  const store = mkdtempSync(path.join(os.tmpdir(), 'gen-nats-'));
  const port = await freePort();
  const binary = spawnSync('sh', ['-c', 'command -v nats-server || echo /usr/sbin/nats-server'], { encoding: 'utf8' }).stdout.trim();
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
  for (let i = 0; i < 80; i++) {
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 125));
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r).once('error', r));
      rmSync(store, { recursive: true, force: true });
    },
  };
}

async function streamCounts(natsUrl) {
  const { connect } = require('nats');
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const jsm = await nc.jetstreamManager();
    const out = {};
    for (const name of Object.keys(STREAMS)) out[name] = await jsm.streams.info(name).then((i) => i.state.messages, () => 0);
    return out;
  } finally {
    await nc.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      nats: { type: 'string' }, private: { type: 'boolean' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      cadres: { type: 'string' }, records: { type: 'string' }, tasks: { type: 'string' }, departments: { type: 'string' }, 'sub-departments': { type: 'string' },
      years: { type: 'string' }, year: { type: 'string' }, seed: { type: 'string' }, concurrency: { type: 'string' }, rate: { type: 'string' }, now: { type: 'string' },
      'no-trace-headers': { type: 'boolean' }, publisher: { type: 'string' }, 'code-prefix': { type: 'string' }, 'username-prefix': { type: 'string' },
    },
  });
  if (values.help || (!values.nats && !values.private && !values.check)) {
    process.stdout.write(`${readHeader()}\n`);
    process.exit(values.help ? 0 : 64);
  }
  const num = (v) => (v === undefined ? undefined : Number(v.replace(/[_,]/g, '')));
  const options = {
    cadres: num(values.cadres), records: num(values.records), tasks: num(values.tasks), departments: num(values.departments), subDepartments: num(values['sub-departments']),
    years: (values.years ?? values.year)?.split(',').map(Number), seed: num(values.seed), concurrency: num(values.concurrency), rate: num(values.rate),
    now: values.now, traceHeaders: values['no-trace-headers'] ? false : undefined, codePrefix: values['code-prefix'], usernamePrefix: values['username-prefix'], publisher: values.publisher,
  };
  for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];

  if (values.check) {
    const world = buildWorld(options);
    const started = performance.now();
    const result = checkEvents(world, events(world));
    const seconds = (performance.now() - started) / 1000;
    console.log(`checked ${result.events.toLocaleString()} events in ${seconds.toFixed(1)} s: ${result.records.toLocaleString()} records, ${result.tasks.toLocaleString()} tasks, ${result.users.toLocaleString()} users, ${result.scores.toLocaleString()} scores`);
    console.log(`by subject: ${JSON.stringify(result.counts, null, 1)}`);
    const pct = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, `${v} (${((100 * v) / Object.values(o).reduce((a, b) => a + b, 0)).toFixed(1)} %)`]));
    console.log(`records by final status: ${JSON.stringify(pct(world.stats.records))}`);
    console.log(`tasks by final status: ${JSON.stringify(pct(world.stats.tasks))}`);
    if (result.errorCount) {
      console.log(`${result.errorCount} problems, the first ${result.errors.length}:\n  ${result.errors.join('\n  ')}`);
      process.exit(1);
    }
    console.log('every envelope valid');
    return;
  }

  const server = values.private ? await privateNats() : undefined;
  const natsUrl = server?.url ?? values.nats;
  try {
    const { stats } = await generate({ ...options, natsUrl });
    console.log(JSON.stringify({ natsUrl, ...stats, eventsPerSecond: Math.round(stats.eventsPerSecond), seconds: Number(stats.seconds.toFixed(2)), streams: await streamCounts(natsUrl) }, null, 1));
  } finally {
    await server?.stop();
  }
}

function readHeader() {
  const { readFileSync } = require('node:fs');
  return readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
