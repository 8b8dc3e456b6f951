const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** A Kubernetes memory quantity (`512Mi`, `1G`, `1048576`) in bytes; undefined when it is not one. */
export function memoryBytes(quantity: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity.trim());
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * MEMORY_UNITS[match[2] ?? '']);
}

/** A Kubernetes CPU quantity (`500m`, `2`, `0.5`) in cores; undefined when it is not one. */
export function cpuCores(quantity: string): number | undefined {
  const text = quantity.trim();
  if (/^\d+m$/.test(text)) return Number(text.slice(0, -1)) / 1000;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  return undefined;
}
