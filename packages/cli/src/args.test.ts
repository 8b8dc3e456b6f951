import { parseArgs, requireApp } from './args';
import { main } from '.';

describe('parseArgs', () => {
  it('reads Heroku-style command lines', () => {
    expect(
      parseArgs(['logs', '--tail', '-a', 'shop', '-n', '50']),
    ).toMatchObject({
      command: 'logs',
      tail: true,
      app: 'shop',
      num: 50,
    });
    expect(parseArgs(['run', '-a', 'shop', '--', 'ls', '-la'])).toMatchObject({
      command: 'run',
      rest: ['ls', '-la'],
    });
    // Without `--`, the first word after run starts the command (its flags are its own).
    expect(parseArgs(['run', '-a', 'shop', 'ls', '-la']).rest).toEqual([
      'ls',
      '-la',
    ]);
    expect(parseArgs(['apps', '--url=http://x:7007', '--json'])).toMatchObject({
      url: 'http://x:7007',
      json: true,
    });
  });

  it('refuses what it does not know', () => {
    expect(() => parseArgs(['logs', '--nope'])).toThrow(
      'Unknown option --nope',
    );
    expect(() => parseArgs(['logs', '-a'])).toThrow('-a needs a value');
    expect(() => parseArgs(['logs', '-n', '0'])).toThrow('whole number');
    expect(() => parseArgs(['logs', 'extra'])).toThrow('Unexpected argument');
    expect(() => requireApp(parseArgs(['logs']))).toThrow('-a <app>');
    expect(() => requireApp(parseArgs(['logs', '-a', '../x']))).toThrow(
      'not an app name',
    );
  });
});

describe('main', () => {
  const capture = () => {
    const io = { out: '', err: '' };
    return {
      io,
      sink: {
        out: (t: string) => {
          io.out += t;
        },
        err: (t: string) => {
          io.err += t;
        },
      },
    };
  };

  it('answers every error with one line and exit code 1', async () => {
    const { io, sink } = capture();
    expect(await main(['frobnicate'], sink, {})).toBe(1);
    expect(io.err).toBe(
      'slipway: Unknown command "frobnicate" (try: slipway help)\n',
    );
  });

  it('reports an unreachable portal in one line', async () => {
    const { io, sink } = capture();
    const code = await main(['apps'], sink, {
      SLIPWAY_URL: 'http://127.0.0.1:1',
      SLIPWAY_TOKEN: 't',
    });
    expect(code).toBe(1);
    expect(io.err).toMatch(
      /^slipway: Cannot reach http:\/\/127\.0\.0\.1:1: .+\n$/,
    );
  });

  it('prints usage for help', async () => {
    const { io, sink } = capture();
    expect(await main(['help'], sink, {})).toBe(0);
    expect(io.out).toContain('logs -a <app>');
  });
});
