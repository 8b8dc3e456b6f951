import fs from 'node:fs';
import path from 'node:path';
import { installFeedFormat } from './accessLog/feedFiles';
import { checkRoute } from './checkRoute';
import { ConfigStore } from './configStore';
import { findCulprit, type BlockTester } from './findCulprit';
import { testConfig } from './nginxCli';
import type { NginxOptions } from './options';
import { renderApp, renderConfig, type AppBlock } from './render';
import { route, tempDir, testOptions } from './testing/helpers';

jest.setTimeout(60_000);

describe('finding the app that breaks nginx -t', () => {
  let dir: string;
  let options: NginxOptions;
  let file: string;
  let tests: number;

  beforeEach(async () => {
    dir = tempDir();
    options = await testOptions(dir);
    await new ConfigStore(options.configDir, options.pidFile).prepare();
    // The router writes the access-log feed's include file when it starts; nginx -t reads it.
    await installFeedFormat(options.configDir);
    file = path.join(dir, 'trial.conf');
    tests = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const block = (app: string, address: string): AppBlock => {
    const checked = checkRoute(
      route(app, { upstream: { addresses: [address] } }),
      options,
    );
    if ('problem' in checked) throw new Error(checked.problem);
    return renderApp(checked, options);
  };
  const test: BlockTester = async set => {
    tests++;
    fs.writeFileSync(file, renderConfig(set, options).text);
    return testConfig(options.binary, file);
  };

  async function setup(broken: string) {
    const apps = [
      'app-a',
      'app-b',
      'app-c',
      'app-d',
      'app-e',
      'app-f',
      'app-g',
    ];
    const live = new Map(apps.map(app => [app, block(app, '127.0.0.1:4000')]));
    const blocks = new Map(
      apps.map(app => [
        app,
        block(
          app,
          app === broken ? 'no-such-host.invalid:80' : '127.0.0.1:4001',
        ),
      ]),
    );
    const rendered = renderConfig([...blocks.values()], options);
    fs.writeFileSync(file, rendered.text);
    const complaint = (await testConfig(options.binary, file))!;
    return { apps, live, blocks, rendered, complaint };
  }

  it('reads the culprit from the line nginx names', async () => {
    const { apps, live, blocks, rendered, complaint } = await setup('app-e');
    expect(complaint).toContain('host not found in upstream');
    const culprit = await findCulprit({
      complaint,
      configFile: file,
      rendered,
      blocks,
      changed: apps,
      liveBlock: app => live.get(app),
      test,
    });
    expect(culprit).toBe('app-e');
    expect(tests).toBe(0);
  });

  it('bisects the changed apps when the complaint names no line', async () => {
    const { apps, live, blocks, rendered, complaint } = await setup('app-c');
    const culprit = await findCulprit({
      complaint,
      configFile: file,
      rendered,
      blocks,
      changed: apps,
      liveBlock: app => live.get(app),
      test,
      bisectOnly: true,
    });
    expect(culprit).toBe('app-c');
    // One check of the live blocks, then about log2(7) halvings.
    expect(tests).toBeLessThanOrEqual(4);
  });

  it('blames no app when the config fails without any changed app', async () => {
    const { apps, blocks, rendered } = await setup('none');
    const culprit = await findCulprit({
      complaint: 'something platform-wide',
      configFile: file,
      rendered,
      blocks,
      changed: apps,
      liveBlock: () => undefined,
      test: async () => 'always broken',
      bisectOnly: true,
    });
    expect(culprit).toBeUndefined();
  });
});
