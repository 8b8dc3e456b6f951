import { Fragment } from 'react';

/**
 * A ref, URL or name in a narrow table cell: it wraps only after ":", "/" or ".", never inside a
 * word ("user:develop|ment/guest", "layout-|app") — each part stays on one line.
 */
export function WrapAtSeparators(props: {
  text: string;
  /** Also after "-" (a long host name in a narrow column). */
  atHyphens?: boolean;
}) {
  const parts = props.text.split(
    props.atHyphens ? /(?<=[:/.-])/ : /(?<=[:/.])/,
  );
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span style={{ whiteSpace: 'nowrap' }}>{part}</span>
        </Fragment>
      ))}
    </>
  );
}
