/* eslint-disable jest/no-export, jest/valid-title, jest/valid-describe-callback, jest/no-disabled-tests, jest/expect-expect -- a describe wrapper for the suites, not a test file */
import { BubblewrapSandbox } from '../bubblewrap';
import { DEFAULT_SANDBOX_SETTINGS } from '../settings';
import type { Sandbox } from '../types';
import { Unsandboxed } from '../unsandboxed';

const bubblewrap = new BubblewrapSandbox(DEFAULT_SANDBOX_SETTINGS);
const problem = bubblewrap.check();
if (problem && process.env.CI) {
  throw new Error(`CI requires bubblewrap for the sandbox tests: ${problem}`);
}

/** bubblewrap when it works here (always in CI); undefined on a machine without it. */
export const testBubblewrap: BubblewrapSandbox | undefined = problem
  ? undefined
  : bubblewrap;

/** What tests that are not about the sandbox run with: bubblewrap when it works here, else none. */
export const testSandbox: Sandbox =
  testBubblewrap ??
  new Unsandboxed(`no bubblewrap in this test run: ${problem}`);

/** Tests of the sandbox's promises: skipped (locally only) where bubblewrap cannot run. */
export function describeWithBubblewrap(
  name: string,
  fn: (sandbox: BubblewrapSandbox) => void,
) {
  if (testBubblewrap) {
    describe(name, () => fn(testBubblewrap!));
  } else {
    describe.skip(`${name} (bubblewrap cannot run here: ${problem})`, () => {
      it('is skipped', () => {});
    });
  }
}
