import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { connectMonitor } from './bridge';
import { Overview } from './views/Overview';

const api = connectMonitor();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Overview api={api} />
  </StrictMode>,
);
