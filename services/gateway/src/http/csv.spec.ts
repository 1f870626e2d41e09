import type { FastifyReply } from 'fastify';
import { contentDisposition, isCsvReply, sendJsonOrCsv } from './csv';

function fakeReply() {
  const sent: { headers: Record<string, string>; body?: unknown } = { headers: {} };
  const reply = {
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

describe('CSV replies', () => {
  it('answers { csv, filename } as text/csv UTF-8 with one BOM and the file name', () => {
    for (const csv of ['\uFEFF姓名,积分\r\n张三,12\r\n', '姓名,积分\r\n张三,12\r\n']) {
      const { reply, sent } = fakeReply();
      sendJsonOrCsv(reply, { csv, filename: 'overview-2026.csv' });
      expect(sent.headers).toEqual({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="overview-2026.csv"' });
      expect(sent.body).toBe('\uFEFF姓名,积分\r\n张三,12\r\n');
    }
  });

  it('sends anything else as it is', () => {
    const { reply, sent } = fakeReply();
    sendJsonOrCsv(reply, { items: [], total: 0 });
    expect(sent).toEqual({ headers: {}, body: { items: [], total: 0 } });
    expect(isCsvReply({ csv: 1, filename: 'x' })).toBe(false);
  });

  it('keeps the header ASCII: a non-ASCII or quoted name also goes as filename*', () => {
    expect(contentDisposition('候选人.csv')).toBe(`attachment; filename="___.csv"; filename*=UTF-8''%E5%80%99%E9%80%89%E4%BA%BA.csv`);
    expect(contentDisposition('a"b.csv')).toBe(`attachment; filename="a_b.csv"; filename*=UTF-8''a%22b.csv`);
  });
});
