import type { DeliveryFigures } from '@slipway/plugin-slipway-common';

const hours = (value: number | null) => {
  if (value === null) return '—';
  if (value < 1) return `${Math.round(value * 60)} min`;
  if (value < 48) return `${Math.round(value * 10) / 10} h`;
  return `${Math.round((value / 24) * 10) / 10} days`;
};

/** DORA's four figures as the card shows them: a value and how it is measured here. */
export function deliveryRows(f: DeliveryFigures) {
  return [
    {
      name: 'Deployment frequency',
      value: `${f.deploymentsPerDay} / day`,
      definition: `Succeeded deploys (releases of a new build) per day over the last ${f.days} days; ${f.deploys} deploys in all.`,
    },
    {
      name: 'Lead time for changes',
      value: hours(f.leadTimeHours),
      definition:
        'Median time from the push (the build starting) to its release. The commit’s own time is not recorded.',
    },
    {
      name: 'Change failure rate',
      value:
        f.changeFailureRate === null
          ? '—'
          : `${Math.round(f.changeFailureRate * 1000) / 10}%`,
      definition:
        'Share of deploys whose release failed or was later rolled back.',
    },
    {
      name: 'Time to restore',
      value: hours(f.timeToRestoreHours),
      definition:
        'Median time from a failed or rolled-back deploy to the next succeeded release.',
    },
  ];
}
