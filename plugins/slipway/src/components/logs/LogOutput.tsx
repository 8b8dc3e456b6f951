import { forwardRef, ReactNode } from 'react';

/** The dark, monospaced box lines are shown in (a live region: `role="log"`). */
export const LogOutput = forwardRef<
  HTMLDivElement,
  { children: ReactNode; label?: string; height?: number | string }
>((props, ref) => (
  <div
    ref={ref}
    role="log"
    aria-label={props.label ?? 'Log output'}
    // A scrolling box must be reachable by keyboard to be scrolled (WCAG 2.1.1).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    tabIndex={0}
    style={{
      fontFamily: 'monospace',
      fontSize: 13,
      whiteSpace: 'pre-wrap',
      overflowWrap: 'anywhere',
      background: '#111',
      color: '#eee',
      padding: 8,
      height: props.height ?? 480,
      overflowY: 'auto',
    }}
  >
    {props.children}
  </div>
));

/** One line: time, source, text. */
export function LogText(props: {
  time?: string;
  source?: string;
  line: string;
  color?: string;
}) {
  return (
    <>
      {props.time && <span style={{ color: '#aaa' }}>{props.time} </span>}
      {props.source && (
        <span style={{ color: props.color ?? '#6cf' }}>{props.source}: </span>
      )}
      {props.line}
    </>
  );
}
