import Box from '@material-ui/core/Box';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { Promotion } from '@slipway/plugin-slipway-common';
import { absoluteTime, relativeTime, Table, WrapAtSeparators } from '../shared';

/** "approved by reviewer", "withdrawn", "expired": how a promotion ended, and by whom. */
function outcome(p: Promotion) {
  if (p.status === 'promoted') return 'promoted directly';
  if (p.status === 'expired') return 'expired: nobody approved it';
  if (p.status === 'withdrawn') return 'withdrawn by the requester';
  if (!p.decidedBy) return p.status;
  return (
    <>
      {p.status} by <WrapAtSeparators text={p.decidedBy} />
    </>
  );
}

/** The pipeline's newest decided promotions: what went where, who asked, who decided, when. */
export function PromotionHistory(props: { history: Promotion[] }) {
  return (
    <Box mt={3} component="section" aria-label="Promotion history">
      <Typography variant="h6">Promotion history</Typography>
      {props.history.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No promotion yet.
        </Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Promotion</TableCell>
              <TableCell>Requested by</TableCell>
              <TableCell>Result</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.history.map(p => (
              <TableRow key={p.id}>
                <TableCell>
                  <time
                    dateTime={p.decidedAt ?? p.requestedAt}
                    title={absoluteTime(p.decidedAt ?? p.requestedAt)}
                  >
                    {relativeTime(p.decidedAt ?? p.requestedAt)}
                  </time>
                </TableCell>
                <TableCell>
                  <code>{p.sha?.slice(0, 7) ?? p.image}</code> {p.source} v
                  {p.sourceVersion} → {p.target}
                  {p.version ? ` v${p.version}` : ''}
                </TableCell>
                <TableCell>
                  <WrapAtSeparators text={p.requestedBy} />
                </TableCell>
                <TableCell>{outcome(p)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
