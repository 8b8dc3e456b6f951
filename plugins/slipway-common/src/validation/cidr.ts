/** Returns why `cidr` is not an IPv4/IPv6 address or CIDR block, or undefined when it is. */
export function cidrProblem(cidr: unknown): string | undefined {
  const problem = `"${String(cidr).slice(
    0,
    50,
  )}" is not an IP address or CIDR block like 10.0.0.0/8 or 2001:db8::/32`;
  if (typeof cidr !== 'string') return problem;
  const [address, prefix, ...extra] = cidr.split('/');
  if (extra.length > 0) return problem;
  const v4 = isIPv4(address);
  const v6 = !v4 && isIPv6(address);
  if (!v4 && !v6) return problem;
  if (prefix !== undefined) {
    if (!/^\d{1,3}$/.test(prefix)) return problem;
    if (Number(prefix) > (v4 ? 32 : 128)) return problem;
  }
  return undefined;
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return (
    parts.length === 4 &&
    parts.every(
      p =>
        /^\d{1,3}$/.test(p) &&
        Number(p) <= 255 &&
        (p === '0' || !p.startsWith('0')),
    )
  );
}

function isIPv6(text: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length < 2) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i];
    if (i === all.length - 1 && g.includes('.')) {
      if (!isIPv4(g)) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
      count += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? count < 8 : count === 8;
}
