#!/usr/bin/env node
// Evidence files through the gateway vs a direct GridFS write/read of the same file on the same FerretDB, in the
// same run: POST /api/v1/files (multipart, streamed into the records service's bucket: sniffed, hashed, counted)
// and GET /api/v1/files/:id (authorised by the records service over NATS, then streamed), in MiB/s, against
// GridFSBucket.openUploadStream / openDownloadStream of the same bytes with the driver. Sequential (one transfer at
// a time, as one user uploads), BENCH_FILE_MIB (8) MiB per file, BENCH_FILE_ROUNDS (5) rounds each.
// Starts its own NATS server and the five services with fresh databases; needs FerretDB and Redis up and a build.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import { BENCH_ADMIN_PASSWORD, MongoClient, mongoUri, report, startSystem } from './lib.mjs';

const require = createRequire(import.meta.url);
const { GridFSBucket } = require('mongodb');

const mib = Number(process.env.BENCH_FILE_MIB ?? 8);
const rounds = Number(process.env.BENCH_FILE_ROUNDS ?? 5);
const run = `bench-files-${Date.now().toString(36)}`;
const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(mib * 1024 * 1024 - 9)]);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mibPerSecond = (ms) => mib / (ms / 1000);

async function timed(work) {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const client = await new MongoClient(mongoUri, { maxPoolSize: 10 }).connect();
let system;
try {
  system = await startSystem({ run, env: { FILES_MAX_BYTES: String(Math.max(mib + 1, 20) * 1024 * 1024), RECORDS_MONGODB_DB: `${run}-records` } });
  const { api, login, port } = system;
  const admin = await login('admin', BENCH_ADMIN_PASSWORD);
  const { items } = await api('GET', '/departments', admin);
  await api('POST', '/users', admin, { username: 'benchcadre', password: 'Bench-Cadre-2026', name: '压测干部', staffNo: 'B-1', departmentId: items[0].id, roles: ['cadre'], rankLevel: 'section', title: '' });
  const token = await login('benchcadre', 'Bench-Cadre-2026');
  const base = `http://127.0.0.1:${port}/api/v1`;

  const uploadGateway = async () => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'bench.pdf');
    const response = await fetch(`${base}/files?purpose=record`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
    return (await response.json()).fileId;
  };
  const downloadGateway = async (fileId) => {
    const response = await fetch(`${base}/files/${fileId}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`download: ${response.status}`);
    let length = 0;
    for await (const chunk of response.body) length += chunk.length;
    if (length !== bytes.length) throw new Error(`download: ${length} bytes of ${bytes.length}`);
  };
  // The baseline: the same bytes in a bucket of its own database, with the driver (no hashing, no sniffing, no HTTP).
  const bucket = new GridFSBucket(client.db(`${run}-direct`), { bucketName: 'files' });
  const uploadDirect = async () => {
    const stream = bucket.openUploadStream('bench.pdf');
    await pipeline(Readable.from([bytes]), stream);
    return stream.id;
  };
  const downloadDirect = async (id) => {
    let length = 0;
    for await (const chunk of bucket.openDownloadStream(id)) length += chunk.length;
    if (length !== bytes.length) throw new Error(`direct read: ${length} bytes`);
  };

  await downloadGateway(await uploadGateway()); // warm-up
  await downloadDirect(await uploadDirect());
  const times = { gatewayUp: [], directUp: [], gatewayDown: [], directDown: [] };
  for (let i = 0; i < rounds; i++) {
    let fileId;
    let directId;
    times.gatewayUp.push(await timed(async () => (fileId = await uploadGateway())));
    times.directUp.push(await timed(async () => (directId = await uploadDirect())));
    times.gatewayDown.push(await timed(() => downloadGateway(fileId)));
    times.directDown.push(await timed(() => downloadDirect(directId)));
  }
  const rows = [
    ['upload', mibPerSecond(median(times.gatewayUp)), mibPerSecond(median(times.directUp)), 0.5],
    ['download', mibPerSecond(median(times.gatewayDown)), mibPerSecond(median(times.directDown)), 0.5],
  ];
  console.log(`\nEvidence files, ${mib} MiB per file, ${rounds} rounds, median; FerretDB at ${mongoUri}\n`);
  console.log('| transfer | gateway MiB/s | direct GridFS MiB/s | ratio | target |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, g, d, target] of rows) console.log(`| ${name} | ${g.toFixed(1)} | ${d.toFixed(1)} | ${((g / d) * 100).toFixed(1)}% | ≥ ${target * 100}% ${g / d >= target ? 'MET' : 'NOT MET'} |`);
  report(
    'files',
    rows.map(([name, g, d, target]) => ({
      figure: `${name} of a ${mib} MiB file (${name === 'upload' ? 'POST /api/v1/files' : 'GET /api/v1/files/:id'}), one at a time`,
      value: Math.round(g * 10) / 10,
      unit: 'MiB/s',
      baseline: Math.round(d * 10) / 10,
      baselineUnit: 'MiB/s',
      baselineLabel: 'GridFSBucket with the driver on the same FerretDB',
      ratio: g / d,
      target: `≥ ${target * 100}% of direct`,
      met: g / d >= target,
      note: `median of ${rounds}; gateway ms ${times[name === 'upload' ? 'gatewayUp' : 'gatewayDown'].map((t) => t.toFixed(0)).join('/')}`,
    })),
  );
} finally {
  await system?.stop(client);
  await client.db(`${run}-direct`).dropDatabase().catch(() => undefined);
  await client.close();
}
