#!/usr/bin/env node
// Demo data for `npm start`, written through the public API so every event flows as in production.
// Runs only against an empty records database. Until sign-in exists (the gateway issue), it prints a demo
// bearer token signed with the gateway's JWT settings.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { SignJWT } = require('jose');
const mongoose = require('mongoose');

const gateway = `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}/api/v1`;
const secret = process.env.JWT_SECRET ?? 'dev-only-jwt-secret-change-me-0123456789abcdef';
const demoCadre = { sub: 'demo-cadre-1', name: '王海军', roles: ['cadre'], dep: 'dep-longhua', depPath: ['dep-haikou', 'dep-longhua'], rank: 'section' };

const token = await new SignJWT({ name: demoCadre.name, roles: demoCadre.roles, dep: demoCadre.dep, depPath: demoCadre.depPath, rank: demoCadre.rank })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(demoCadre.sub)
  .setIssuer(process.env.JWT_ISSUER ?? 'cadre-platform')
  .setAudience(process.env.JWT_AUDIENCE ?? 'cadre-platform-api')
  .setIssuedAt()
  .setExpirationTime('12h')
  .sign(new TextEncoder().encode(secret));

const connection = await mongoose.createConnection(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017', { dbName: process.env.RECORDS_MONGODB_DB ?? 'cadre-records' }).asPromise();
const existing = await connection.db.collection('records').countDocuments({});
await connection.close();

if (existing === 0) {
  const demo = [
    { itemCode: 'INVEST-03', title: '引进世界500强企业区域总部落户', description: '牵头洽谈并促成区域总部签约落地。' },
    { itemCode: 'FTP-01', title: '零关税政策运用助企降本', description: '梳理企业清单，推动政策红利直达企业。' },
    { itemCode: 'PETITION-01', title: '化解信访积案3件', description: '逐案包干，实地协调，积案清零。' },
  ];
  for (const body of demo) {
    const response = await fetch(`${gateway}/records`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`seeding a record failed: ${response.status} ${await response.text()}`);
  }
  process.stdout.write(`[seed] created ${demo.length} demo records\n`);
} else {
  process.stdout.write(`[seed] the records database already has data (${existing} records): not seeding\n`);
}

process.stdout.write(`
Demo caller (sign-in arrives with the gateway issue): ${demoCadre.name}, cadre, 龙华区
  export TOKEN=${token}
  curl -s -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
       -d '{"itemCode":"INVEST-03","title":"项目签约"}' ${gateway}/records
`);
