// Label keys: optional DNS-subdomain prefix and a name of ≤ 63 characters; values the same as names (or empty).
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Returns why `key` is not a tag (a Kubernetes node label key), or undefined. */
export function tagKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    !LABEL_NAME.test(name) ||
    (prefix !== undefined &&
      (prefix.length > 253 || !LABEL_PREFIX.test(prefix)))
  ) {
    return `Tag "${key.slice(
      0,
      60,
    )}" must be a label key: an optional DNS prefix and "/", then up to 63 letters, digits, "-", "_" or "."`;
  }
  return undefined;
}

/** Returns why `value` is not the value of tag `key` (a label value, may be empty), or undefined. */
export function tagValueProblem(
  key: string,
  value: unknown,
): string | undefined {
  if (typeof value !== 'string' || (value !== '' && !LABEL_NAME.test(value))) {
    return `Tag "${key}" must be a label value: up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  }
  return undefined;
}
