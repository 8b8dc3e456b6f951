/**
 * Test-only: the Slipway API's OpenAPI spec as a contract for the fakes that stand in for it
 * (the portal's msw fake, the scaffolder module's), so a fake cannot drift from the real API.
 *
 * @packageDocumentation
 */
export { contractProblems, operationRoute, successStatus } from './contract';
