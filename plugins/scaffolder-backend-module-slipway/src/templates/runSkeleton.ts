import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts a rendered skeleton's `node server.js` on an ephemeral port (PORT=0) and resolves
 * once it says which port it listens on.
 */
export async function startNodeServer(dir: string): Promise<{
  url: string;
  child: ChildProcess;
  stop: () => Promise<number | null>;
}> {
  const child = spawn(process.execPath, ['server.js'], {
    cwd: dir,
    env: { PATH: process.env.PATH, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
      const match = /port (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', code =>
      reject(new Error(`server.js exited with ${code}: ${out}`)),
    );
  });
  const stop = () =>
    new Promise<number | null>(resolve => {
      if (child.exitCode !== null) {
        resolve(child.exitCode);
        return;
      }
      child.on('exit', code => resolve(code));
      child.kill('SIGTERM');
    });
  return { url: `http://127.0.0.1:${port}`, child, stop };
}
