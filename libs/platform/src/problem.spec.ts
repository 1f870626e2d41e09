import { ProblemException, problems, toProblem } from './problem';

describe('problems', () => {
  it('keeps a problem meant for the caller as it is', () => {
    const problem = toProblem(problems.invalid([{ path: 'title', message: 'is required' }]));
    expect(problem).toMatchObject({ status: 400, title: 'Invalid input', errors: [{ path: 'title', message: 'is required' }] });
  });

  it('hides internals of unexpected errors behind a 500', () => {
    const problem = toProblem(new Error('connection string mongodb://secret@db'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('secret');
  });

  it('passes through a problem that crossed the bus as a plain object', () => {
    const wire = JSON.parse(JSON.stringify(new ProblemException(409, 'stale version').problem));
    expect(toProblem(wire)).toMatchObject({ status: 409, detail: 'stale version' });
  });
});
