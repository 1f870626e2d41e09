import { spawn } from 'node:child_process';
import path from 'node:path';

/** The text of each page of a PDF, as pdfjs-dist reads it (so the PDF opens, and its text is real text, not boxes). */
export function pdfText(pdf: Buffer): Promise<{ pages: number; text: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'pdf-text.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`pdfjs could not read the PDF (exit ${code}): ${Buffer.concat(err).toString()}`));
      else resolve(JSON.parse(Buffer.concat(out).toString()) as { pages: number; text: string[] });
    });
    child.stdin.end(pdf);
  });
}
