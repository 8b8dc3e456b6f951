import type { RetainedLogLine } from '@slipway/plugin-slipway-common';
import { LogText } from './LogOutput';
import { useLastLines } from './useLastLines';

/** What a crashed instance printed last, under the line that tells of its crash. */
export function CrashLastLines(props: { app: string; crash: RetainedLogLine }) {
  const { app, crash } = props;
  const last = useLastLines(app, crash);
  const label = `Last lines of ${crash.source} before it exited`;
  return (
    <div
      role="region"
      aria-label={label}
      style={{
        borderLeft: '3px solid #f66',
        margin: '4px 0 4px 8px',
        paddingLeft: 8,
      }}
    >
      <div style={{ color: '#f99' }}>{label}</div>
      {last.loading && <div>Loading…</div>}
      {last.error && <div role="alert">{last.error.message}</div>}
      {last.value?.length === 0 && (
        <div>No lines of {crash.source} are kept.</div>
      )}
      {last.value?.map(l => (
        <div key={l.id}>
          <LogText time={l.time} source={l.source} line={l.line} />
        </div>
      ))}
    </div>
  );
}
