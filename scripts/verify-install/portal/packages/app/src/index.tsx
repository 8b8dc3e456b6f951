import ReactDOM from 'react-dom/client';
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import slipwayPlugin from '@slipway/plugin-slipway/alpha';

// The new frontend system: Slipway's plugin from its `./alpha` entry point.
const app = createApp({ features: [catalogPlugin, slipwayPlugin] });

ReactDOM.createRoot(document.getElementById('root')!).render(app.createRoot());
