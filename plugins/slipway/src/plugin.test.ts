import { slipwayApiRef } from './api';
import { slipwayPlugin } from './plugin';

describe('the legacy plugin', () => {
  it('is the slipway plugin and provides the Slipway API', () => {
    expect(slipwayPlugin.getId()).toBe('slipway');
    expect(
      [...slipwayPlugin.getApis()].map(factory => factory.api.id),
    ).toContain(slipwayApiRef.id);
  });
});
