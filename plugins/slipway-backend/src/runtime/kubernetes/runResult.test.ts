import { runResult } from './KubernetesRuntime';

/** A finished one-off pod as the API server reports it. */
const pod = (status: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'shop-run-1-x', namespace: 'shop' },
  status,
});
const exited = (exitCode: number, reason = 'Completed') => [
  { name: 'run', state: { terminated: { exitCode, reason } } },
];

describe('the answer of a one-off run (and the release phase)', () => {
  it('is the command’s own exit code when it ran to its end', () => {
    expect(
      runResult(
        pod({ phase: 'Succeeded', containerStatuses: exited(0) }),
        'ok\n',
      ),
    ).toEqual({ exitCode: 0, output: 'ok\n' });
    expect(
      runResult(
        pod({ phase: 'Failed', containerStatuses: exited(3, 'Error') }),
        'no database\n',
      ),
    ).toEqual({ exitCode: 3, output: 'no database\n' });
  });

  it('is never 0 for an evicted pod whose container exited 0 on SIGTERM, and says why', () => {
    const result = runResult(
      pod({
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: ephemeral-storage.',
        containerStatuses: exited(0),
      }),
      'migrating',
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toBe(
      'migrating\nThe command did not complete: pod Failed: Evicted: The node was low on resource: ephemeral-storage.: container exit code 0 (Completed)\n',
    );
  });

  it('is never 0 for a pod past its deadline whose container never terminated', () => {
    const result = runResult(
      pod({
        phase: 'Failed',
        reason: 'DeadlineExceeded',
        message:
          'Pod was active on the node longer than the specified deadline',
        containerStatuses: [{ name: 'run', state: { running: {} } }],
      }),
      '',
    );
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('DeadlineExceeded');
    expect(result.output).toContain('the container never terminated');
  });

  it('is non-zero for a run whose pod is gone', () => {
    expect(runResult(undefined, '')).toEqual({
      exitCode: 1,
      output: 'The command did not complete: its pod is gone\n',
    });
  });
});
