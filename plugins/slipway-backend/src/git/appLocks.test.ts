import { AppLocks } from './appLocks';

describe('AppLocks', () => {
  it('lets holders of one app take turns in arrival order, and other apps go on', async () => {
    const locks = new AppLocks();
    const order: string[] = [];
    const releaseFirst = await locks.acquire('a');
    const second = locks.acquire('a').then(release => {
      order.push('second');
      release();
    });
    const third = locks.acquire('a').then(release => {
      order.push('third');
      release();
    });
    const other = await locks.acquire('b');
    order.push('other app');
    other();
    expect(locks.busy('a')).toBe(true);
    order.push('first releases');
    releaseFirst();
    await Promise.all([second, third]);
    expect(order).toEqual(['other app', 'first releases', 'second', 'third']);
    expect(locks.busy('a')).toBe(false);
  });

  it('stops waiting when the waiter gives up, without breaking the queue', async () => {
    const locks = new AppLocks();
    const releaseFirst = await locks.acquire('a');
    const aborter = new AbortController();
    const givingUp = locks.acquire('a', aborter.signal);
    let thirdGot = false;
    const third = locks.acquire('a').then(release => {
      thirdGot = true;
      return release;
    });
    aborter.abort(new Error('push cancelled'));
    await expect(givingUp).rejects.toThrow('push cancelled');
    await new Promise(resolve => setImmediate(resolve));
    expect(thirdGot).toBe(false); // still the first holder's turn
    releaseFirst();
    (await third)();
    expect(thirdGot).toBe(true);
    expect(locks.busy('a')).toBe(false);
  });
});
