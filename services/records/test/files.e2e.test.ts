/**
 * Evidence files end to end, through the gateway's HTTP API only (issue #19): a cadre uploads a PDF (multipart,
 * streamed into the records service's GridFS bucket), files a record with it by fileId, and the reviewer of the
 * department previews it (inline, ranges); the wrong department, the wrong role and another cadre get 404 as for a
 * file that does not exist; a pending file is its uploader's alone; 413/415/400 refusals keep nothing; the
 * admins' access log names who opened which evidence (JSON and CSV), and is refused to others.
 *
 * Real processes only (the services from their build), as the other e2e files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fileAccessPageViewSchema, fileMetaViewSchema, recordDetailViewSchema, uploadedFileViewSchema, type DepartmentView, type RecordDetailView, type UploadedFileView, type UserView } from '@cadre/contracts';
import { expectInvalid, expectStatus, matchesSchema, startPlatform, type Platform } from '@cadre/testing';

jest.setTimeout(240_000);

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

describe('evidence files (end to end through the gateway)', () => {
  let platform: Platform;
  const users: Record<'cadre1' | 'cadre2' | 'reviewerA' | 'reviewerB' | 'publisher' | 'assessor', UserView> = {} as never;
  const tokens: Record<keyof typeof users | 'admin', string> = {} as never;

  async function createUser(key: keyof typeof users, department: DepartmentView, roles: string[], name: string): Promise<void> {
    ({ user: users[key], token: tokens[key] } = await platform.createUser(key, { departmentId: department.id, roles, name }));
  }

  const upload = async (who: keyof typeof tokens, bytes: Buffer, name: string, purpose = 'record') => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const response = await fetch(`${platform.apiUrl}/files?purpose=${purpose}`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` }, body: form });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  const download = (who: keyof typeof tokens, fileId: string, headers: Record<string, string> = {}) =>
    fetch(`${platform.apiUrl}/files/${fileId}`, { headers: { authorization: `Bearer ${tokens[who]}`, ...headers } });

  beforeAll(async () => {
    platform = await startPlatform({ name: 'files-e2e' });
    tokens.admin = platform.adminToken;
    const root = await platform.rootDepartment();
    const districtA = await platform.createDepartment('甲区', 'DISTA', root.id);
    const districtB = await platform.createDepartment('乙区', 'DISTB', root.id);
    await createUser('cadre1', districtA, ['cadre'], '干部甲');
    await createUser('cadre2', districtA, ['cadre'], '干部乙');
    await createUser('reviewerA', districtA, ['reviewer'], '审核员甲');
    await createUser('reviewerB', districtB, ['reviewer'], '审核员乙');
    await createUser('publisher', districtA, ['publisher'], '发布人');
    await createUser('assessor', root, ['assessor'], '研判员');
    await platform.replicasKnow(Object.values(users).map((user) => user.id), ['records']);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('files a record with an uploaded PDF that the department’s reviewer previews; others get 404; the access log names the reviewer', async () => {
    const bytes = pdf(3 * 1024 * 1024);
    const uploaded = await upload('cadre1', bytes, '签约协议.pdf');
    expect(uploaded.status).toBe(201);
    const stored = matchesSchema(uploadedFileViewSchema, uploaded.body as UploadedFileView);
    expect(stored).toMatchObject({ name: '签约协议.pdf', type: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), status: 'pending' });

    // Pending: its uploader's alone.
    expect((await download('cadre1', stored.fileId)).status).toBe(200);
    expect((await download('admin', stored.fileId)).status).toBe(404);

    const record = matchesSchema(
      recordDetailViewSchema,
      expectStatus(
        await platform.as(tokens.cadre1).post<RecordDetailView>('/records', {
          itemCode: 'INVEST-03',
          title: '引进区域总部',
          description: '',
          periodStart: '2026-01-01',
          periodEnd: '2026-01-31',
          impactLevel: 'city',
          evidence: [{ fileId: stored.fileId }],
        }),
        201,
      ),
    );
    expect(record.evidence).toEqual([{ fileId: stored.fileId, name: '签约协议.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: stored.sha256, stored: true }]);

    const preview = await download('reviewerA', stored.fileId);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-disposition')).toMatch(/^inline; filename="____\.pdf"; filename\*=UTF-8''/);
    expect(preview.headers.get('etag')).toBe(`"${stored.sha256}"`);
    expect(Buffer.from(await preview.arrayBuffer()).equals(bytes)).toBe(true);

    const range = await download('assessor', stored.fileId, { range: 'bytes=0-1023' });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 0-1023/${bytes.length}`);
    expect((await range.arrayBuffer()).byteLength).toBe(1024);
    expect((await download('assessor', stored.fileId, { range: `bytes=${bytes.length}-` })).status).toBe(416);

    // The wrong department, the wrong role, another cadre: as if the file did not exist.
    for (const who of ['reviewerB', 'publisher', 'cadre2'] as const) {
      expect((await download(who, stored.fileId)).status).toBe(404);
      expect((await platform.as(tokens[who]).get(`/files/${stored.fileId}/meta`)).status).toBe(404);
    }
    matchesSchema(fileMetaViewSchema, expectStatus(await platform.as(tokens.reviewerA).get(`/files/${stored.fileId}/meta`), 200));

    // Someone else's file, or one already on a record, is no evidence for another record.
    expectInvalid(
      await platform.as(tokens.cadre2).post('/records', { itemCode: 'INVEST-03', title: '借用', periodStart: '2026-01-01', periodEnd: '2026-01-31', impactLevel: 'city', evidence: [{ fileId: stored.fileId }] }),
      ['evidence.0.fileId'],
      true,
    );

    const log = matchesSchema(fileAccessPageViewSchema, expectStatus(await platform.as(tokens.admin).get(`/audit/file-access?userId=${users.reviewerA.id}`), 200));
    expect(log.items[0]).toMatchObject({ userName: '审核员甲', fileName: '签约协议.pdf', uploaderName: '干部甲', title: '引进区域总部', attachedTo: { kind: 'record', id: record.id } });
    const csv = await fetch(`${platform.apiUrl}/audit/file-access`, { headers: { authorization: `Bearer ${tokens.admin}`, accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toContain('审核员甲');
    expect((await platform.as(tokens.reviewerA).get('/audit/file-access')).status).toBe(403);
  });

  it('refuses a file over 20 MiB (413), an executable (415), no file part and another purpose (400)', async () => {
    expect((await upload('cadre1', pdf(20 * 1024 * 1024 + 1), 'big.pdf')).status).toBe(413);
    const exe = await upload('cadre1', Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(1000)]), 'report.pdf');
    expect(exe.status).toBe(415);
    expect(exe.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await upload('cadre1', Buffer.from('x'), 'a.txt', 'other')).status).toBe(400);
    // The tasks service's purposes go into its own bucket (ids `tsk_`): a bid's file is its uploader's while pending.
    const bidFile = await upload('cadre1', pdf(1_000), '实施方案.pdf', 'bid');
    expect(bidFile.status).toBe(201);
    expect(bidFile.body).toMatchObject({ purpose: 'bid', status: 'pending', fileId: expect.stringMatching(/^tsk_/) });
    expect((await download('cadre1', bidFile.body.fileId)).status).toBe(200);
    expect((await download('cadre2', bidFile.body.fileId)).status).toBe(404);
    const form = new FormData();
    form.append('note', 'no file');
    expect((await fetch(`${platform.apiUrl}/files?purpose=record`, { method: 'POST', headers: { authorization: `Bearer ${tokens.cadre1}` }, body: form })).status).toBe(400);
  });
});
