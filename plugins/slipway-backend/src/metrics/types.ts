/** A status class of an HTTP answer. */
export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

export const STATUS_CLASSES: readonly StatusClass[] = [
  '1xx',
  '2xx',
  '3xx',
  '4xx',
  '5xx',
];

/** One answered request, as a router saw it. */
export type RequestSample = {
  app: string;
  status: number;
  /** From the request's arrival to the end of the answer. */
  durationMs: number;
  /** The answer's body bytes sent to the client (like nginx's `$body_bytes_sent`). */
  bytesOut: number;
  /** When the answer ended (ms since the epoch). */
  at: number;
};

/** Where routers hand their samples to (the in-process recorder). */
export type RequestSink = (sample: RequestSample) => void;

/** One app's requests of one minute (what a ledger row holds). */
export type RequestPoint = {
  app: string;
  /** Minutes since the epoch. */
  minute: number;
  statuses: Record<StatusClass, number>;
  bytesOut: number;
  /** Encoded histogram (see histogram.ts). */
  latency: string;
};

/** One process type's use of one minute. */
export type ProcessPoint = {
  app: string;
  minute: number;
  processType: string;
  memoryBytes: number;
  cpuMillicores: number;
  /** How many minute-rows `cpuMillicores` sums (a point summed per step); 1 when absent. */
  samples?: number;
};

export function statusClass(status: number): StatusClass {
  if (status < 200) return '1xx';
  if (status < 300) return '2xx';
  if (status < 400) return '3xx';
  if (status < 500) return '4xx';
  return '5xx';
}

export const minuteOf = (ms: number) => Math.floor(ms / 60_000);
