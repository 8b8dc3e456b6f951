import { builderName } from './selectPlatform';

describe('builderName', () => {
  it('defaults to the builder that fits the runtime', () => {
    expect(builderName('local', undefined)).toBe('local');
    expect(builderName('kubernetes', undefined)).toBe('kubernetes');
    expect(builderName('kubernetes', 'kubernetes')).toBe('kubernetes');
    expect(builderName('local', 'kubernetes')).toBe('kubernetes');
    expect(builderName('kubernetes', 'kpack')).toBe('kpack');
  });

  it('refuses slugs for the kubernetes runtime, naming the fix', () => {
    expect(() => builderName('kubernetes', 'local')).toThrow(
      /slipway\.builder "local" cannot build for slipway\.runtime "kubernetes".*set it to "kubernetes", and configure slipway\.kubernetes\.build/,
    );
  });
});
