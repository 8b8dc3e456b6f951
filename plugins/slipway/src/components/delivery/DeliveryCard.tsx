import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { LoadState } from '../shared';
import { deliveryRows } from './definitions';
import { useDelivery, type DeliverySubject } from './useDelivery';

const DAYS = 30;

/** DORA's four figures with how each is measured, for an app or for a team's apps. */
export function DeliveryCard(props: { subject: DeliverySubject }) {
  const delivery = useDelivery(props.subject, DAYS);
  const team = 'owner' in props.subject;
  return (
    <InfoCard title="Delivery (last 30 days)">
      <LoadState {...delivery}>
        {value => (
          <>
            {team && (
              <Typography variant="body2" color="textSecondary" paragraph>
                {value.apps.length
                  ? `From ${
                      value.apps.length
                    } app(s) you may read: ${value.apps.join(', ')}.`
                  : 'This team owns no Slipway apps you may read.'}
              </Typography>
            )}
            <Box
              component="dl"
              display="grid"
              gridTemplateColumns="repeat(auto-fit, minmax(200px, 1fr))"
              style={{ gap: 16, margin: 0 }}
            >
              {deliveryRows(value).map(row => (
                <Box key={row.name}>
                  <Typography component="dt" variant="overline">
                    {row.name}
                  </Typography>
                  <Typography component="dd" variant="h5" style={{ margin: 0 }}>
                    {row.value}
                  </Typography>
                  <Typography
                    component="dd"
                    variant="caption"
                    color="textSecondary"
                    style={{ margin: 0 }}
                  >
                    {row.definition}
                  </Typography>
                </Box>
              ))}
            </Box>
          </>
        )}
      </LoadState>
    </InfoCard>
  );
}
