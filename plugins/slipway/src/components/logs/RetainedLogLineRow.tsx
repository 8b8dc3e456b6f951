import type { RetainedLogLine } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { CrashLastLines } from './CrashLastLines';
import { isCrashLine } from './crashLine';
import { LogText } from './LogOutput';

const KIND_COLOR = { app: '#6cf', platform: '#fc6', router: '#9c9' };

/** A retained line; a crash line opens the crashed instance's last lines. */
export function RetainedLogLineRow(props: {
  app: string;
  line: RetainedLogLine;
}) {
  const { app, line } = props;
  const [open, setOpen] = useState(false);
  const crash = isCrashLine(line);
  return (
    <div style={crash ? { color: '#f99' } : undefined}>
      <LogText
        time={line.time}
        source={line.source}
        line={line.line}
        color={KIND_COLOR[line.kind]}
      />
      {crash && (
        <>
          {' '}
          <button
            type="button"
            aria-expanded={open}
            onClick={() => setOpen(o => !o)}
            style={{
              background: 'none',
              border: '1px solid #f99',
              color: '#f99',
              cursor: 'pointer',
              font: 'inherit',
              fontSize: 12,
            }}
          >
            {open ? 'Hide' : 'Show'} last lines of {line.source}
          </button>
          {open && <CrashLastLines app={app} crash={line} />}
        </>
      )}
    </div>
  );
}
