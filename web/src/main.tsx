import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
// Ant Design's styles, prebuilt (see app/theme.ts: zeroRuntime), after its reset (margins, box sizing).
import 'antd/dist/reset.css';
import 'antd/dist/antd.css';
import './app/console.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
