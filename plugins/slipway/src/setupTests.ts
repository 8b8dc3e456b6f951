import '@testing-library/jest-dom';

// UI tests click and type through whole views; the CI machine is small and shared.
jest.setTimeout(30_000);
