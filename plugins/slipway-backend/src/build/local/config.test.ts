import { ConfigReader } from '@backstage/config';
import { readLocalBuilderSettings } from './config';

const read = (builder: object) =>
  readLocalBuilderSettings(
    new ConfigReader({ slipway: { builder: 'local', local: { builder } } }),
  );

describe('readLocalBuilderSettings', () => {
  it('defaults to a 15 minute timeout and npm/pip defaults', () => {
    expect(readLocalBuilderSettings(new ConfigReader({}))).toEqual({
      timeoutMs: 15 * 60 * 1000,
      npmRegistry: undefined,
      npmConfig: {},
      pipIndexUrl: undefined,
    });
  });

  it('reads durations as objects or ISO 8601 and passes registry settings through', () => {
    expect(
      read({
        timeout: 'PT2M',
        npmRegistry: 'https://npm.example.com/',
        npmConfig: { 'fetch-retries': '0' },
        pipIndexUrl: 'https://pypi.example.com/simple',
      }),
    ).toEqual({
      timeoutMs: 120_000,
      npmRegistry: 'https://npm.example.com/',
      npmConfig: { 'fetch-retries': '0' },
      pipIndexUrl: 'https://pypi.example.com/simple',
    });
    expect(read({ timeout: { minutes: 1, seconds: 30 } }).timeoutMs).toBe(
      90_000,
    );
  });

  it('refuses npm setting names that are not plain names', () => {
    expect(() => read({ npmConfig: { 'a;b': 'x' } })).toThrow(
      /"a;b" is not an npm setting name/,
    );
  });
});
