import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { Release } from '@slipway/plugin-slipway-common';
import { ReleaseLine } from './ReleaseLine';
import { Section } from './Section';

/**
 * The release that serves and, when the newest one differs (pending or failed), that one too:
 * a failed deploy after a good one stays in plain sight with its reason.
 */
export function ReleaseStatus(props: { current?: Release; newest?: Release }) {
  const { current, newest } = props;
  const newer =
    newest && newest.version !== current?.version ? newest : undefined;
  return (
    <>
      {newer && (
        <Section title="Newest release">
          <ReleaseLine release={newer} />
          {newer.status === 'failed' && (
            <Alert severity="error" aria-label={`v${newer.version} failed`}>
              v{newer.version} failed
              {newer.reason ? `: ${newer.reason.replace(/\.$/, '')}` : ''}.{' '}
              {servingNote(newer, current)}
            </Alert>
          )}
        </Section>
      )}
      <Section title="Current release">
        {current ? (
          <ReleaseLine release={current} />
        ) : (
          <Typography variant="body2">No release yet</Typography>
        )}
        {current?.reason && (
          <Typography variant="body2" color="error">
            {current.reason}
          </Typography>
        )}
      </Section>
    </>
  );
}

/** What serves while the newest release failed; the reconciler's reasons may already say it. */
function servingNote(newer: Release, current?: Release): string {
  if (newer.reason?.includes('keeps serving')) return '';
  return current ? `v${current.version} keeps serving.` : 'Nothing serves.';
}
