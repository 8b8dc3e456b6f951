import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// UI tests click and type through whole views; the CI machine is small and shared.
jest.setTimeout(30_000);
// Each fake answer is checked against openapi.yaml, and a loaded 2-core machine runs the backend suites beside
// these: a `findBy…` waits up to 5 s (not 1 s) before it fails. Tests of "within N seconds" pass their own timeout.
configure({ asyncUtilTimeout: 5_000 });
